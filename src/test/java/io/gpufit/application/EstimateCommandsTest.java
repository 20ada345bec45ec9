package io.gpufit.application;

import static io.gpufit.application.Fixtures.Input;
import static io.gpufit.application.Fixtures.LLAMA_1B;
import static io.gpufit.application.Fixtures.LLAMA_7B_GPTQ;
import static io.gpufit.application.Fixtures.vllm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Precision;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules across fields and the defaults, without HTTP. Expected values come from the inputs
 * and the shipped config.json files: Llama 3.2 1B has 16 layers, 32 heads, 8 KV heads, head_dim
 * 64, torch_dtype bfloat16 and max_position_embeddings 131,072; Llama-2-7B-GPTQ has 32 layers and
 * 32 heads (no num_key_value_heads: MHA), torch_dtype float16 and a 4-bit gptq
 * quantization_config with group_size 128.
 */
class EstimateCommandsTest {

    static final String WEIGHT_FORMATS = "fp32, fp16, bf16, fp8, fp8_block, int8, int4, gptq, awq, nf4, nf4_double, "
            + "mxfp4, q8_0, q6_k, q5_k_m, q5_k_s, q4_k_m, q4_k_s, q4_0, iq4_xs, iq4_nl, q3_k_l, q3_k_m, q3_k_s, q2_k";
    static final String KV_FORMATS = "auto, fp32, fp16, bf16, fp8, int8, int4, q8_0, q4_0";

    private final EstimateCommands commands = Fixtures.commands();

    private EstimateCommand command(Input input) {
        return commands.toCommand(input.build());
    }

    private List<Violation> violations(Input input) {
        InvalidInputException e =
                catchThrowableOfType(InvalidInputException.class, () -> commands.toCommand(input.build()));
        assertThat(e).as("an invalid input").isNotNull();
        return e.violations();
    }

    @Nested
    class TheModelIsNamedExactlyOneWay {

        @Test
        void notAtAll() {
            assertThat(violations(new Input()))
                    .containsExactly(new Violation(
                            "model",
                            null,
                            "name the model: model "
                                    + "(an id from GET /models), modelConfig (a config.json) or parameters/parametersBillions with "
                                    + "the shape fields"));
        }

        @Test
        void byShapeWithoutAParameterCount() {
            assertThat(violations(Input.seed().parametersBillions(null)))
                    .containsExactly(new Violation(
                            "parameters",
                            null,
                            "one of parameters (exact count) or parametersBillions (nominal) is required with "
                                    + "explicit sizes"));
        }

        @Test
        void twiceBlamesTheSecondWay() {
            String message = "name the model one way only: model, modelConfig, or parameters/parametersBillions";
            assertThat(violations(
                            Input.catalogModel(LLAMA_1B).modelConfig(Fixtures.config("meta-llama--Llama-3.2-1B"))))
                    .containsExactly(new Violation("modelConfig", null, message));
            assertThat(violations(Input.seed().model(LLAMA_1B)))
                    .containsExactly(new Violation("parametersBillions", null, message));
            assertThat(violations(Input.seed()
                            .parametersBillions(null)
                            .parameters(1_000_000_000L)
                            .model(LLAMA_1B)))
                    .containsExactly(new Violation("parameters", null, message));
        }

        @Test
        void aNamedModelTakesNoShapeFields() {
            String message = "comes from the model's config; remove it (or give explicit sizes instead of a model)";
            assertThat(violations(Input.catalogModel(LLAMA_1B).numLayers(16).headDim(64)))
                    .containsExactly(new Violation("numLayers", 16, message), new Violation("headDim", 64, message));
        }

        @Test
        void anUnknownIdWithTheHubOff() {
            assertThat(violations(Input.catalogModel("acme/unknown-7b")))
                    .containsExactly(new Violation(
                            "model",
                            "acme/unknown-7b",
                            "unknown model; the Hugging Face Hub fetch is off (gpufit.hub.enabled): "
                                    + "paste its config.json as modelConfig, or pick one from GET /models"));
        }

        @Test
        void aMalformedId() {
            assertThat(violations(Input.catalogModel("not an id")))
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("model"))
                    .satisfies(v -> assertThat(v.message()).startsWith("must be a model id org/name"));
        }

        @Test
        void catalogIdsIgnoreCase() {
            assertThat(command(Input.catalogModel("META-LLAMA/llama-3.2-1b"))
                            .model()
                            .modelId())
                    .isEqualTo(LLAMA_1B);
        }

        @Test
        void aPastedConfigIsNamedByItsJsonPath() {
            ObjectNode config = Fixtures.config("meta-llama--Llama-3.2-1B");
            config.remove("hidden_size");
            assertThat(violations(new Input().modelConfig(config)))
                    .singleElement()
                    .satisfies(v -> {
                        assertThat(v.field()).isEqualTo("modelConfig.hidden_size");
                        assertThat(v.rejectedValue()).isNull();
                        assertThat(v.message()).startsWith("is required (or n_embd, d_model)");
                    });
        }
    }

    @Nested
    class ExplicitSizes {

        @Test
        void needLayersAndHeads() {
            assertThat(violations(Input.seed().numLayers(null).numAttentionHeads(null)))
                    .containsExactly(
                            new Violation("numLayers", null, "is required with explicit sizes"),
                            new Violation("numAttentionHeads", null, "is required with explicit sizes"));
        }

        @Test
        void needAHeadDimOrAHiddenSizeToDeriveIt() {
            assertThat(violations(Input.seed().headDim(null)))
                    .containsExactly(new Violation(
                            "headDim",
                            null,
                            "headDim is required, or hiddenSize to derive it as hiddenSize / numAttentionHeads"));
            // 2048 / 32 heads = 64
            assertThat(command(Input.seed().headDim(null).hiddenSize(2048))
                            .model()
                            .headDim())
                    .isEqualTo(64);
            // 2050 = 32 x 64 + 2
            assertThat(violations(Input.seed().headDim(null).hiddenSize(2050)))
                    .containsExactly(new Violation(
                            "hiddenSize",
                            2050,
                            "cannot derive headDim: hiddenSize is not a multiple of numAttentionHeads "
                                    + "(32); give headDim"));
        }

        @Test
        void kvHeadsMustDivideTheHeadsAndDefaultToThem() {
            assertThat(violations(Input.seed().numKeyValueHeads(5)))
                    .containsExactly(new Violation(
                            "numKeyValueHeads",
                            5,
                            "must divide numAttentionHeads (32) evenly: each KV head serves a whole "
                                    + "group of query heads"));
            assertThat(command(Input.seed().numKeyValueHeads(null)).model().numKeyValueHeads())
                    .isEqualTo(32);
        }

        @Test
        void countInBillionsOrExactlyButNotBoth() {
            // 1.5 billion, exactly
            assertThat(command(Input.seed().parametersBillions("1.5")).model().parameters())
                    .isEqualTo(1_500_000_000L);
            assertThat(command(Input.seed().parametersBillions(null).parameters(1_235_814_400L))
                            .model()
                            .parameters())
                    .isEqualTo(1_235_814_400L);
        }

        @Test
        void needAWeightFormat() {
            assertThat(violations(Input.seed().weightDtype(null)))
                    .containsExactly(new Violation(
                            "weightDtype", null, "is required with explicit sizes; allowed: " + WEIGHT_FORMATS));
        }

        @Test
        void areExplicitWhateverTheirLabel() {
            EstimateCommand command = command(Input.seed());
            assertThat(command.model().explicitSizes()).isTrue();
            assertThat(command.precision()).isEqualTo(new Precision(Dtype.FP16, Dtype.FP16, 128));
            assertThat(command.memoryUtilization()).isEqualByComparingTo("0.9");
            assertThat(command.notes()).isEmpty();
        }
    }

    @Nested
    class FormatDefaults {

        @Test
        void fromTorchDtypeAsVllmServesIt() {
            EstimateCommand command = command(Input.catalogModel(LLAMA_1B));
            assertThat(command.precision().weights()).isEqualTo(Dtype.BF16);
            assertThat(command.precision().kvCache()).isEqualTo(Dtype.BF16);
            assertThat(command.notes())
                    .containsExactly("weightDtype bf16 from torch_dtype bfloat16, as vLLM serves it");
        }

        @Test
        void float32AndAnAbsentTorchDtypeAreServedAsFp16() {
            ObjectNode float32 = Fixtures.config("meta-llama--Llama-3.2-1B").put("torch_dtype", "float32");
            assertThat(command(new Input().modelConfig(float32)).precision())
                    .isEqualTo(new Precision(Dtype.FP16, Dtype.FP16, 128));
            ObjectNode absent = Fixtures.config("meta-llama--Llama-3.2-1B");
            absent.remove("torch_dtype");
            assertThat(command(new Input().modelConfig(absent)).notes())
                    .containsExactly("weightDtype fp16 from torch_dtype (absent), as vLLM serves it");
        }

        @Test
        void fromTheCheckpointsQuantization() {
            EstimateCommand command = command(Input.catalogModel(LLAMA_7B_GPTQ));
            // gptq holds no KV cache: the cache takes the checkpoint's 16-bit type, float16
            assertThat(command.precision()).isEqualTo(new Precision(Dtype.GPTQ, Dtype.FP16, 128));
            assertThat(command.model().quantization()).isNotNull();
            assertThat(command.notes())
                    .containsExactly("weightDtype gptq from the checkpoint's gptq quantization_config");
        }

        @Test
        void anotherWeightFormatOverridesTheCheckpoint() {
            EstimateCommand command = command(Input.catalogModel(LLAMA_7B_GPTQ).weightDtype("FP8"));
            // fp8 weights are not an activation dtype: the cache stays in the model's float16
            assertThat(command.precision()).isEqualTo(new Precision(Dtype.FP8, Dtype.FP16, 128));
            assertThat(command.model().quantization())
                    .as("the checkpoint's unconverted modules no longer apply")
                    .isNull();
            assertThat(command.notes())
                    .containsExactly("weightDtype fp8 overrides the checkpoint's gptq quantization " + "(gptq)");
        }

        @Test
        void aWeightFormatThatHoldsNoKvCacheLeavesTheCacheInTheCheckpointsType() {
            assertThat(command(Input.catalogModel(LLAMA_1B).weightDtype("q4_k_m"))
                            .precision()
                            .kvCache())
                    .isEqualTo(Dtype.BF16);
        }

        /** Issue: the KV cache took the weight format (int4 -> 0.5 B, fp8/int8 -> 1 B). No engine does that. */
        @ParameterizedTest(name = "{0} weights keep the KV cache in the activation dtype")
        @CsvSource({"int4", "int8", "fp8", "q8_0", "q4_0", "gptq", "awq", "nf4", "mxfp4", "q4_k_m"})
        void quantizedWeightsKeepTheKvCacheInTheActivationDtype(String weights) {
            // Llama 3.2 1B: torch_dtype bfloat16 -> bf16
            EstimateCommand model = command(Input.catalogModel(LLAMA_1B).weightDtype(weights));
            assertThat(model.precision().kvCache()).isEqualTo(Dtype.BF16);
            assertThat(model.kvCacheDtypeOrigin())
                    .isEqualTo("auto: the activation dtype, torch_dtype bfloat16 as bf16; not the "
                            + Dtype.fromId(weights).orElseThrow().id() + " weights' format");
            // explicit sizes have no torch_dtype: fp16
            EstimateCommand explicit = command(Input.seed().weightDtype(weights));
            assertThat(explicit.precision().kvCache()).isEqualTo(Dtype.FP16);
            assertThat(explicit.kvCacheDtypeOrigin()).contains("fp16 (explicit sizes have no torch_dtype)");
        }

        @ParameterizedTest(name = "{0} weights hold their own KV cache")
        @CsvSource({"fp32", "fp16", "bf16"})
        void floatWeightsAreTheActivationDtype(String weights) {
            // vLLM --dtype float32 keeps an fp32 cache: the float weights' format is the activation dtype
            EstimateCommand command = command(Input.catalogModel(LLAMA_1B).weightDtype(weights));
            assertThat(command.precision().kvCache().id()).isEqualTo(weights);
            assertThat(command.kvCacheDtypeOrigin()).isEqualTo("auto: the activation dtype, the weights' " + weights);
        }

        @ParameterizedTest(name = "kvCacheDtype \"{0}\" is the default")
        @CsvSource({"auto", "AUTO", "Auto"})
        void autoIsTheDefaultWhateverItsCase(String auto) {
            EstimateCommand command = command(Input.catalogModel(LLAMA_7B_GPTQ).kvCacheDtype(auto));
            // gptq weights, torch_dtype float16 -> fp16
            assertThat(command.precision()).isEqualTo(new Precision(Dtype.GPTQ, Dtype.FP16, 128));
            assertThat(command.kvCacheDtypeOrigin()).startsWith("auto: the activation dtype, torch_dtype float16");
        }

        @Test
        void aRequestedKvCacheFormatIsKept() {
            EstimateCommand command = command(Input.seed().weightDtype("int4").kvCacheDtype("int4"));
            assertThat(command.precision().kvCache()).isEqualTo(Dtype.INT4);
            assertThat(command.kvCacheDtypeOrigin()).isEqualTo("requested (kvCacheDtype)");
            EstimateCommand engine =
                    command(Input.catalogModel(LLAMA_1B).weightDtype("int8").engine(vllm(null, null, "fp8")));
            assertThat(engine.precision().kvCache()).isEqualTo(Dtype.FP8);
            assertThat(engine.kvCacheDtypeOrigin()).isEqualTo("requested (engine.kvCacheDtype)");
        }

        @Test
        void unknownAndNonKvFormats() {
            assertThat(violations(Input.seed().weightDtype("fp12").kvCacheDtype("gptq")))
                    .containsExactly(
                            new Violation(
                                    "weightDtype",
                                    "fp12",
                                    "unknown dtype; did you mean fp32 or fp16? allowed: " + WEIGHT_FORMATS),
                            new Violation("kvCacheDtype", "gptq", "is not a KV cache format; allowed: " + KV_FORMATS));
            assertThat(violations(Input.seed().kvCacheDtype("fp4")))
                    .containsExactly(new Violation(
                            "kvCacheDtype", "fp4", "unknown dtype; did you mean fp8? allowed: " + KV_FORMATS));
        }

        @Test
        void groupSizesOnlyForGptqAndAwq() {
            assertThat(violations(Input.seed().weightGroupSize(64)))
                    .containsExactly(new Violation("weightGroupSize", 64, "only applies to gptq and awq weights"));
            assertThat(violations(Input.seed().weightDtype("awq").weightGroupSize(0)))
                    .containsExactly(
                            new Violation("weightGroupSize", 0, "must be -1 (per output channel) or from 1 to 65,536"));
            assertThat(command(Input.seed().weightDtype("awq").weightGroupSize(-1))
                            .precision()
                            .groupSize())
                    .isEqualTo(-1);
        }
    }

    @Nested
    class HeadroomAndContext {

        @Test
        void theTextbookEstimateKeepsTheDefaultHeadroomUnlessTold() {
            // 2.5 GiB = 2.5 x 1,073,741,824 = 2,684,354,560 B
            assertThat(command(Input.seed()).minHeadroomBytes()).isEqualTo(2_684_354_560L);
            assertThat(command(Input.seed()).engine().minHeadroomBytes()).isEqualTo(2_684_354_560L);
            assertThat(command(Input.seed().minHeadroomBytes(0L)).engine().minHeadroomBytes())
                    .isZero();
            assertThat(command(Input.seed().minHeadroomBytes(1_000L)).minHeadroomBytes())
                    .isEqualTo(1_000L);
        }

        @Test
        void anEngineHoldsItsOwnReservesSoTheHeadroomIsRejectedThere() {
            assertThat(command(Input.seed().engine(vllm(null, null, null))).minHeadroomBytes())
                    .isNull();
            assertThat(command(Input.seed().engine(vllm(null, null, null)))
                            .engine()
                            .minHeadroomBytes())
                    .isZero();
            assertThat(violations(Input.seed().engine(vllm(null, null, null)).minHeadroomBytes(0L)))
                    .extracting(Violation::field)
                    .containsExactly("minHeadroomBytes");
        }

        @Test
        void aSequencePastTheModelsContextIsNamedWithBothNumbers() {
            // Llama 3.2 1B: max_position_embeddings 131,072
            Input longer = Input.catalogModel(LLAMA_1B).sequenceLength(200_000);
            assertThat(command(longer).notes())
                    .contains("sequenceLength 200,000 exceeds the model's context of 131,072 tokens "
                            + "(max_position_embeddings): the model was not trained past it, and vLLM refuses it "
                            + "unless max_model_len is raised with VLLM_ALLOW_LONG_MAX_MODEL_LEN=1");
            assertThat(command(Input.catalogModel(LLAMA_1B).sequenceLength(131_072))
                            .notes())
                    .noneMatch(note -> note.contains("context"));
            // explicit sizes have no context to compare with
            assertThat(command(Input.seed().sequenceLength(200_000)).notes()).isEmpty();
        }

        @Test
        void theBf16WarningSaysWhereBf16CameFrom() {
            assertThat(command(Input.catalogModel(LLAMA_1B)).bf16Origin())
                    .isEqualTo("BF16 weights and KV cache from the model's torch_dtype bfloat16");
            assertThat(command(Input.seed().weightDtype("bf16")).bf16Origin())
                    .isEqualTo("BF16 weights and KV cache requested (weightDtype)");
            assertThat(command(Input.catalogModel(LLAMA_1B).weightDtype("int4")).bf16Origin())
                    .isEqualTo("BF16 KV cache from the model's torch_dtype bfloat16");
            assertThat(command(Input.seed().kvCacheDtype("bf16")).bf16Origin())
                    .isEqualTo("BF16 KV cache requested (kvCacheDtype)");
        }
    }

    @Nested
    class EngineSettings {

        @Test
        void onlyVllmWithAKnownVersionAndItsOwnUtilization() {
            EngineInput tgi = new EngineInput("tgi", "1.0", null, null, null, null, null, null, null, null, null);
            assertThat(violations(Input.seed().engine(tgi).memoryUtilization("0.8")))
                    .containsExactly(
                            new Violation("engine.name", "tgi", "unknown engine; allowed: vllm"),
                            new Violation(
                                    "engine.version",
                                    "1.0",
                                    "unknown vLLM version; known: 0.15, 0.16, 0.17, 0.18, 0.19-0.20, 0.21+ (0.N or 0.N.P; "
                                            + "0.20 behaves as 0.19, later releases as 0.21)"),
                            new Violation(
                                    "memoryUtilization",
                                    new BigDecimal("0.8"),
                                    "does not apply with an engine; set " + "engine.gpuMemoryUtilization"));
            EngineInput upperCase =
                    new EngineInput(" VLLM ", "0.19", null, null, null, null, null, null, null, null, null);
            assertThat(vllmSettings(command(Input.seed().engine(upperCase))).version())
                    .isEqualTo("0.19");
        }

        @Test
        void kvCacheFormatAutoOrOneVllmTakesAndNotContradicted() {
            assertThat(command(Input.seed().engine(vllm(null, null, "auto")))
                            .precision()
                            .kvCache())
                    .isEqualTo(Dtype.FP16);
            assertThat(command(Input.seed().engine(vllm(null, null, "fp8")))
                            .precision()
                            .kvCache())
                    .isEqualTo(Dtype.FP8);
            assertThat(violations(Input.seed().engine(vllm(null, null, "int8"))))
                    .containsExactly(
                            new Violation(
                                    "engine.kvCacheDtype",
                                    "int8",
                                    "allowed: auto, fp16, bf16, fp8 (vLLM's fp8_e4m3 and fp8_e5m2 are fp8: one byte per element)"));
            assertThat(violations(Input.seed().kvCacheDtype("fp16").engine(vllm(null, null, "fp8"))))
                    .containsExactly(new Violation(
                            "engine.kvCacheDtype", "fp8", "contradicts kvCacheDtype fp16; give one of them"));
            // the same format twice is no contradiction
            assertThat(command(Input.seed().kvCacheDtype("fp8").engine(vllm(null, null, "fp8")))
                            .precision()
                            .kvCache())
                    .isEqualTo(Dtype.FP8);
        }

        @Test
        void tensorParallelismMustSplitTheHeads() {
            // 32 heads: 3 does not divide them
            assertThat(violations(Input.catalogModel(LLAMA_1B).engine(vllm(3, null, null))))
                    .containsExactly(new Violation(
                            "engine.tensorParallelSize",
                            3,
                            "TP 3 does not divide the 32 attention heads of " + LLAMA_1B + " (32 heads, 8 KV heads)"));
            // 16 divides the 32 heads and is a multiple of the 8 KV heads (each cached on two ranks): valid
            assertThat(vllmSettings(command(Input.catalogModel(LLAMA_1B).engine(vllm(16, null, null))))
                            .tensorParallelSize())
                    .isEqualTo(16);
        }

        @Test
        void pipelineParallelismMayNotExceedTheLayers() {
            assertThat(violations(Input.seed().engine(vllm(null, 17, null))))
                    .containsExactly(new Violation(
                            "engine.pipelineParallelSize",
                            17,
                            "PP 17 exceeds the 16 layers of the model " + "(32 heads, 8 KV heads)"));
            assertThat(vllmSettings(command(Input.seed().engine(vllm(2, 16, null))))
                            .pipelineParallelSize())
                    .isEqualTo(16);
        }

        @Test
        void notesWhatTheBudgetCannotKnow() {
            assertThat(command(Input.seed().engine(vllm(null, null, null))).notes())
                    .containsExactly(
                            "engine with explicit sizes: the activation peak (MLP width, vocabulary) is unknown and counted "
                                    + "as 0; name the model or paste its config.json for a calibrated budget");
            EngineInput longContext =
                    new EngineInput("vllm", null, null, 200_000, null, null, null, null, null, null, null);
            assertThat(command(Input.catalogModel(LLAMA_1B).engine(longContext)).notes())
                    .containsExactly(
                            "weightDtype bf16 from torch_dtype bfloat16, as vLLM serves it",
                            "engine.maxModelLen 200000 exceeds the model's max_position_embeddings (131072): vLLM refuses "
                                    + "it unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1");
        }
    }

    @Nested
    class Gpus {

        @Test
        void byIdOrShortNameEachOnceInTheOrderNamed() {
            assertThat(command(Input.seed().gpus("H100", "a40", "A40", "a100 40gb"))
                            .gpus())
                    .containsExactly(Fixtures.H100, Fixtures.A40, Fixtures.A100_40);
        }

        @Test
        void theWholeCatalogWhenNoneAreNamed() {
            assertThat(command(Input.seed()).gpus())
                    .containsExactly(Fixtures.A40, Fixtures.A100_40, Fixtures.A100_80, Fixtures.H100);
        }

        @Test
        void unknownAndAmbiguousNamesAreBlamedByPosition() {
            assertThat(violations(Input.seed().gpus("a40", "b200", "A100")))
                    .containsExactly(
                            new Violation(
                                    "gpus[1]",
                                    "b200",
                                    "unknown GPU; known ids: a40, a100-pcie-40gb, a100-sxm4-80gb, " + "h100-sxm5-80gb"),
                            new Violation(
                                    "gpus[2]",
                                    "A100",
                                    "ambiguous GPU name; choose one of: a100-pcie-40gb, " + "a100-sxm4-80gb"));
        }
    }

    @Test
    void everyProblemAtOnceInTheOrderModelFormatsGpusEngine() {
        Input input = Input.catalogModel(LLAMA_1B)
                .weightDtype("fp12")
                .gpus("b200")
                .engine(new EngineInput("tgi", null, null, null, null, null, null, null, null, null, null));
        assertThat(violations(input))
                .extracting(Violation::field)
                .containsExactly("weightDtype", "gpus[0]", "engine.name");
    }

    /** The vLLM settings a command carries (its engine is vLLM when the input names it). */
    private static io.gpufit.serving.VllmSettings vllmSettings(EstimateCommand command) {
        return ((io.gpufit.serving.VllmEngine) command.engine()).settings();
    }
}
