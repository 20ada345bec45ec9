package io.gpufit.plan;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.MemoryEstimator;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuCatalogTestSupport;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelCatalogTestSupport;
import io.gpufit.serving.TextbookEngine;
import io.gpufit.serving.VllmSettings;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The whole shipped model catalog planned against the whole GPU catalog: one estimate per model
 * (BF16 weights and cache, 8 sequences of 4,096 tokens) and one plan over every GPU at 1, 2, 4
 * and 8 GPUs, textbook and with the vLLM budget. Run: {@code ./mvnw -Pbenchmark test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {

    static final Precision BF16 = new Precision(Dtype.BF16, Dtype.BF16);
    static final Workload WORKLOAD = new Workload(8, 4096);
    static final BigDecimal UTILIZATION = new BigDecimal("0.9");

    List<ModelArchitecture> models;
    List<GpuProfile> gpus;

    @Setup
    public void load() {
        models = ModelCatalogTestSupport.shipped();
        gpus = GpuCatalogTestSupport.embedded(new DefaultResourceLoader());
    }

    @Benchmark
    public int wholeCatalogTextbook() {
        return planAll(new TextbookEngine(UTILIZATION));
    }

    @Benchmark
    public int wholeCatalogVllm() {
        return planAll(io.gpufit.serving.VllmEngineTest.engine(VllmSettings.DEFAULTS));
    }

    private int planAll(ServingEngine engine) {
        int recommended = 0;
        for (ModelArchitecture model : models) {
            MemoryEstimate estimate = MemoryEstimator.estimate(model, BF16, WORKLOAD);
            if (FitPlanner.plan(estimate, gpus, engine).recommended() != null) {
                recommended++;
            }
        }
        return recommended;
    }
}
