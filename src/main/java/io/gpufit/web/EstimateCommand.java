package io.gpufit.web;

import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import java.math.BigDecimal;
import java.util.List;

/**
 * A request translated into the estimation core's terms, defaults applied.
 *
 * @param notes what the translation decided for the caller (defaults, overrides)
 */
record EstimateCommand(
        ModelArchitecture model,
        Precision precision,
        Workload workload,
        boolean includeExtraModule,
        List<GpuProfile> gpus,
        BigDecimal memoryUtilization,
        List<String> notes) {
}
