package io.gpufit.application;

import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.serving.VllmSettings;
import java.math.BigDecimal;
import java.util.List;

/**
 * An input translated into the estimation core's terms, defaults applied.
 *
 * @param engine the serving engine's settings, or null for the textbook estimate
 * @param notes  what the translation decided for the caller (defaults, overrides)
 */
public record EstimateCommand(
        ModelArchitecture model,
        Precision precision,
        Workload workload,
        boolean includeExtraModule,
        List<GpuProfile> gpus,
        BigDecimal memoryUtilization,
        VllmSettings engine,
        List<String> notes) {
}
