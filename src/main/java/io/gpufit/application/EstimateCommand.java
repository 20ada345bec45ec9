package io.gpufit.application;

import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
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
 */
public record EstimateCommand(
        ModelArchitecture model,
        Precision precision,
        Workload workload,
        boolean includeExtraModule,
        List<GpuProfile> gpus,
        BigDecimal memoryUtilization,
        ServingEngine engine,
        List<String> notes) {}
