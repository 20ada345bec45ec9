package io.gpufit.application;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What to estimate, as given: null means "not given". Name the model in exactly one way:
 * {@code model} (a catalog or Hub id), {@code modelConfig} (a config.json), or explicit sizes
 * ({@code parameters} or {@code parametersBillions} with the shape fields). Sizes are expected
 * within the limits the HTTP API publishes (positive, and small enough for 64-bit byte counts);
 * everything else is checked by {@link EstimateCommands}.
 *
 * @param modelConfig        a Hugging Face config.json object, as pasted
 * @param engine             a serving engine whose startup budget to model; null for the textbook estimate
 * @param parametersBillions nominal size in billions, at most 9 decimals
 * @param gpus               candidate GPU ids or short names; null for the whole catalog
 * @param memoryUtilization  fraction of a GPU's usable memory the job may use; null for 0.9
 * @param minHeadroomBytes   what each GPU must keep free beside weights + KV cache (textbook only); null
 *                           for {@link io.gpufit.serving.TextbookEngine#DEFAULT_MIN_HEADROOM_BYTES}
 * @param allowMig           consider the GPUs' MIG slices too; null for false
 * @param inventory          free GPUs by GPU id or short name, as given (counts unchecked); null when any
 *                           placement may be recommended
 */
public record EstimateInput(
        String model,
        JsonNode modelConfig,
        EngineInput engine,
        Boolean includeExtraModule,
        Long parameters,
        BigDecimal parametersBillions,
        Integer numLayers,
        Integer numAttentionHeads,
        Integer numKeyValueHeads,
        Integer headDim,
        Integer hiddenSize,
        String weightDtype,
        String kvCacheDtype,
        Integer weightGroupSize,
        int batchSize,
        int sequenceLength,
        List<String> gpus,
        BigDecimal memoryUtilization,
        Long minHeadroomBytes,
        Boolean allowMig,
        Map<String, BigInteger> inventory) {

    /** An input without MIG slices or an inventory. */
    public EstimateInput(
            String model,
            JsonNode modelConfig,
            EngineInput engine,
            Boolean includeExtraModule,
            Long parameters,
            BigDecimal parametersBillions,
            Integer numLayers,
            Integer numAttentionHeads,
            Integer numKeyValueHeads,
            Integer headDim,
            Integer hiddenSize,
            String weightDtype,
            String kvCacheDtype,
            Integer weightGroupSize,
            int batchSize,
            int sequenceLength,
            List<String> gpus,
            BigDecimal memoryUtilization,
            Long minHeadroomBytes) {
        this(
                model,
                modelConfig,
                engine,
                includeExtraModule,
                parameters,
                parametersBillions,
                numLayers,
                numAttentionHeads,
                numKeyValueHeads,
                headDim,
                hiddenSize,
                weightDtype,
                kvCacheDtype,
                weightGroupSize,
                batchSize,
                sequenceLength,
                gpus,
                memoryUtilization,
                minHeadroomBytes,
                null,
                null);
    }

    /** Whether the model is given by explicit sizes (a parameter count). */
    public boolean explicitSizes() {
        return parameters != null || parametersBillions != null;
    }

    /** This input with other candidate GPUs. */
    public EstimateInput withGpus(List<String> names) {
        return new EstimateInput(
                model,
                modelConfig,
                engine,
                includeExtraModule,
                parameters,
                parametersBillions,
                numLayers,
                numAttentionHeads,
                numKeyValueHeads,
                headDim,
                hiddenSize,
                weightDtype,
                kvCacheDtype,
                weightGroupSize,
                batchSize,
                sequenceLength,
                names,
                memoryUtilization,
                minHeadroomBytes,
                allowMig,
                inventory);
    }
}
