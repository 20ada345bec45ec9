package io.gpufit.application;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.plan.PlanOptions;
import io.gpufit.plan.ServingEngine;
import java.math.BigDecimal;
import java.util.List;

/**
 * An input translated into the estimation core's terms, defaults applied.
 *
 * @param memoryUtilization the textbook budget's share of usable memory (shown even with an engine, which
 *                          has its own)
 * @param engine            the engine whose budget decides the fit: vLLM, or the textbook estimate when the
 *                          input names none
 * @param notes  what the translation decided for the caller (defaults, overrides)
 * @param kvCacheDtypeOrigin where the KV cache format came from: requested, or the activation dtype (auto)
 * @param minHeadroomBytes  the headroom each GPU must keep under the textbook estimate; null with an engine,
 *                          whose budget holds the runtime's reserves itself
 * @param bf16Origin        which formats are BF16 and where they came from, for the warnings
 * @param planOptions       MIG slices allowed, and the inventory (null when none was given)
 * @param autoDtype         the type vLLM computes in with {@code --dtype auto} for this model: bf16 for a
 *                          bfloat16 checkpoint, else fp16 (for the deployment recipes)
 */
public record EstimateCommand(
        ModelArchitecture model,
        Precision precision,
        Workload workload,
        boolean includeExtraModule,
        List<GpuProfile> gpus,
        BigDecimal memoryUtilization,
        ServingEngine engine,
        List<String> notes,
        String kvCacheDtypeOrigin,
        Long minHeadroomBytes,
        String bf16Origin,
        PlanOptions planOptions,
        Dtype autoDtype) {}
