package io.gpufit.web;

import io.gpufit.estimate.ModelShape;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import java.math.BigDecimal;
import java.util.List;

/** A request translated into the estimation core's terms, defaults applied. */
record EstimateCommand(
        ModelShape shape,
        Precision precision,
        Workload workload,
        List<GpuProfile> gpus,
        BigDecimal memoryUtilization) {
}
