package io.gpufit.application;

import io.gpufit.gpu.GpuCatalog;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.hub.HubConfigFetcher;
import io.gpufit.hub.HubProperties;
import io.gpufit.model.ModelCatalog;
import io.gpufit.model.ModelConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The application built with plain {@code new}: four GPUs written out here (two share the short
 * name A100), two catalog models from the shipped config.json files, and the Hub fetch off.
 */
final class Fixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final GpuProfile A40 = gpu("a40", List.of("A40"), 48_000_000_000L, "8.6");
    static final GpuProfile A100_40 = gpu("a100-pcie-40gb", List.of("A100", "A100 40GB"), 42_405_855_232L, "8.0");
    static final GpuProfile A100_80 = gpu("a100-sxm4-80gb", List.of("A100", "A100 80GB"), 84_987_740_160L, "8.0");
    static final GpuProfile H100 = gpu("h100-sxm5-80gb", List.of("H100"), 85_017_755_648L, "9.0");

    static final String LLAMA_1B = "meta-llama/Llama-3.2-1B";
    static final String LLAMA_7B_GPTQ = "TheBloke/Llama-2-7B-GPTQ";

    private Fixtures() {}

    static GpuCatalog gpuCatalog() {
        return new GpuCatalog(List.of(A40, A100_40, A100_80, H100));
    }

    static ModelCatalog modelCatalog() {
        return new ModelCatalog(List.of(
                ModelConfigReader.read(config("meta-llama--Llama-3.2-1B"), "config"),
                ModelConfigReader.read(config("TheBloke--Llama-2-7B-GPTQ"), "config")));
    }

    static final HubProperties HUB_OFF = new HubProperties(false, null, null, null, null, 0, null);

    static HubConfigFetcher hubOff() {
        return new HubConfigFetcher(HUB_OFF, HttpClient.newHttpClient());
    }

    static GpuSelection gpuSelection() {
        return new GpuSelection(gpuCatalog());
    }

    static EstimateCommands commands() {
        return new EstimateCommands(gpuSelection(), new ModelSource(modelCatalog(), hubOff(), HUB_OFF));
    }

    static Estimations estimations() {
        return new Estimations(commands(), List.of());
    }

    /** A shipped config.json, as a client would paste it. */
    static ObjectNode config(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/models/" + file + ".json")) {
            JsonNode tree = JSON.readTree(in);
            return (ObjectNode) tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GpuProfile gpu(String id, List<String> aliases, long usableBytes, String computeCapability) {
        return new GpuProfile(
                id,
                id.toUpperCase(),
                "NVIDIA",
                aliases,
                List.of(),
                (int) (usableBytes / 1_000_000_000L),
                usableBytes,
                "test",
                BigDecimal.ONE,
                computeCapability,
                true,
                computeCapability.compareTo("8.9") >= 0,
                BigDecimal.ONE,
                300,
                null,
                null);
    }

    /** An input built field by field; batch 4 x 256 tokens unless set. */
    static final class Input {
        private String model;
        private JsonNode modelConfig;
        private EngineInput engine;
        private Long parameters;
        private BigDecimal parametersBillions;
        private Integer numLayers;
        private Integer numAttentionHeads;
        private Integer numKeyValueHeads;
        private Integer headDim;
        private Integer hiddenSize;
        private String weightDtype;
        private String kvCacheDtype;
        private Integer weightGroupSize;
        private List<String> gpus;
        private BigDecimal memoryUtilization;
        private Long minHeadroomBytes;
        private int sequenceLength = 256;

        /** The worked example: a nominal 1B with Llama 3.2 1B's attention, in FP16. */
        static Input seed() {
            return new Input()
                    .parametersBillions("1")
                    .numLayers(16)
                    .numAttentionHeads(32)
                    .numKeyValueHeads(8)
                    .headDim(64)
                    .weightDtype("fp16");
        }

        static Input catalogModel(String id) {
            return new Input().model(id);
        }

        Input model(String value) {
            model = value;
            return this;
        }

        Input modelConfig(JsonNode value) {
            modelConfig = value;
            return this;
        }

        Input engine(EngineInput value) {
            engine = value;
            return this;
        }

        Input parameters(long value) {
            parameters = value;
            return this;
        }

        Input parametersBillions(String value) {
            parametersBillions = value == null ? null : new BigDecimal(value);
            return this;
        }

        Input numLayers(Integer value) {
            numLayers = value;
            return this;
        }

        Input numAttentionHeads(Integer value) {
            numAttentionHeads = value;
            return this;
        }

        Input numKeyValueHeads(Integer value) {
            numKeyValueHeads = value;
            return this;
        }

        Input headDim(Integer value) {
            headDim = value;
            return this;
        }

        Input hiddenSize(Integer value) {
            hiddenSize = value;
            return this;
        }

        Input weightDtype(String value) {
            weightDtype = value;
            return this;
        }

        Input kvCacheDtype(String value) {
            kvCacheDtype = value;
            return this;
        }

        Input weightGroupSize(Integer value) {
            weightGroupSize = value;
            return this;
        }

        Input gpus(String... names) {
            gpus = List.of(names);
            return this;
        }

        Input memoryUtilization(String value) {
            memoryUtilization = new BigDecimal(value);
            return this;
        }

        Input sequenceLength(int value) {
            sequenceLength = value;
            return this;
        }

        Input minHeadroomBytes(Long value) {
            minHeadroomBytes = value;
            return this;
        }

        EstimateInput build() {
            return new EstimateInput(
                    model,
                    modelConfig,
                    engine,
                    null,
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
                    4,
                    sequenceLength,
                    gpus,
                    memoryUtilization,
                    minHeadroomBytes);
        }
    }

    /** vLLM with the given settings; everything else its default. */
    static EngineInput vllm(Integer tensorParallelSize, Integer pipelineParallelSize, String kvCacheDtype) {
        return new EngineInput(
                "vllm",
                null,
                null,
                null,
                null,
                null,
                null,
                tensorParallelSize,
                pipelineParallelSize,
                kvCacheDtype,
                null);
    }
}
