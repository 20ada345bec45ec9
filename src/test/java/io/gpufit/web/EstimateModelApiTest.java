package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.error;
import static io.gpufit.web.JsonMatchers.number;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * POST /estimate naming the model by catalog id ({@code model}) or by a pasted config.json
 * ({@code modelConfig}). Every expected number is derived by hand from the config.json files and
 * the documented formats (arithmetic in the comments), never copied from the service's output.
 *
 * <p>Llama-3.2-1B, used throughout (meta-llama--Llama-3.2-1B.json): hidden 2,048, intermediate
 * 8,192, 16 layers, 32 heads, 8 KV heads of 64, vocab 128,256, tied embeddings, bfloat16.
 * <ul>
 * <li>linear-layer weights: 16 x (q 2,048 x 2,048 + k, v 2 x 512 x 2,048 + o 2,048 x 2,048
 *     + gate, up, down 3 x 2,048 x 8,192) = 16 x 60,817,408 = 973,078,528 params</li>
 * <li>embeddings 128,256 x 2,048 = 262,668,288; norms (2 x 16 + 1) x 2,048 = 67,584</li>
 * <li>total 973,078,528 + 262,668,288 + 67,584 = 1,235,814,400; in bf16 x 2 B = 2,471,628,800 B</li>
 * <li>quantized formats keep embeddings and norms in 16-bit: (262,668,288 + 67,584) x 2 B
 *     = 525,471,744 B</li>
 * <li>KV cache per token: 2 x 16 layers x (8 x 64) x 2 B = 32,768 B</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EstimateModelApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String LLAMA_1B = "meta-llama/Llama-3.2-1B";
    /** Embeddings and norms kept in 16-bit by every quantized (non-GGUF) format: (262,668,288 + 67,584) x 2 B. */
    private static final long LLAMA_1B_KEPT_BYTES = 525_471_744L;

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    // ---------------------------------------------------------------- by catalog id

    @Test
    void llama32OneBByIdDefaultsToBf16FromTorchDtype() {
        ObjectNode body = workload(1, 1024);
        body.put("model", LLAMA_1B);

        post(body)
                .body("resolved.weightDtype", equalTo("bf16"))
                .body("resolved.kvCacheDtype", equalTo("bf16"))
                .body("resolved.parameters", whole(1_235_814_400L))
                .body("resolved.numLayers", whole(16))
                .body("resolved.numAttentionHeads", whole(32))
                .body("resolved.numKeyValueHeads", whole(8))
                .body("resolved.headDim", whole(64))
                .body("resolved.attention", equalTo("GQA"))
                .body("resolved.weightGroupSize", nullValue())
                .body("model.id", equalTo(LLAMA_1B))
                .body("model.modelType", equalTo("llama"))
                .body("model.parameters", whole(1_235_814_400L))
                .body("model.activeParameters", whole(1_235_814_400L))
                .body("model.architecture.tiedEmbeddings", equalTo(true))
                // 1,235,814,400 x 2 B
                .body("weights.bytes", whole(2_471_628_800L))
                .body("kvCache.bytesPerToken", whole(32_768L))
                // 1 x 1,024 x 32,768 = 33,554,432
                .body("kvCache.bytes", whole(33_554_432L))
                // 2,471,628,800 + 33,554,432
                .body("total.bytes", whole(2_505_183_232L))
                // the default is said, with where it came from
                .body("warnings", hasItem(allOf(containsString("bf16"), containsString("torch_dtype"))));
    }

    @Test
    void idIsCaseInsensitive() {
        ObjectNode body = workload(1, 1024);
        body.put("model", "META-LLAMA/llama-3.2-1b");

        post(body).body("model.id", equalTo(LLAMA_1B)).body("weights.bytes", whole(2_471_628_800L));
    }

    @Test
    void llama32OneBWeightsByPartInBf16() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);

        post(body)
                .body(part("embeddings", "parameters"), whole(262_668_288L))
                .body(part("embeddings", "bytes"), whole(525_336_576L))
                .body(part("outputHead", "parameters"), whole(0))
                .body(part("norms", "parameters"), whole(67_584L));
    }

    // ---------------------------------------------------------------- by pasted config.json

    @Test
    void pastedConfigGivesTheSameBytesAsTheCatalogId() {
        ObjectNode byId = workload(1, 1024);
        byId.put("model", LLAMA_1B);
        ObjectNode pasted = workload(1, 1024);
        pasted.set("modelConfig", config("meta-llama--Llama-3.2-1B"));

        JsonPath fromId = post(byId).extract().jsonPath();
        post(pasted)
                // the same hand-derived figures as by id
                .body("model.parameters", whole(1_235_814_400L))
                .body("weights.bytes", whole(2_471_628_800L))
                .body("kvCache.bytesPerToken", whole(32_768L))
                .body("kvCache.bytes", whole(33_554_432L))
                .body("total.bytes", whole(2_505_183_232L))
                .body("resolved.weightDtype", equalTo("bf16"))
                // _name_or_path of the pasted file
                .body("model.id", equalTo(LLAMA_1B))
                // and identical to the catalog answer, part by part
                .body("weights.bytes", whole(fromId.getLong("weights.bytes")))
                .body("model.weights.bytes", equalTo(fromId.getList("model.weights.bytes")));
    }

    @Test
    void pastedConfigWithUnknownFieldsIsAccepted() {
        ObjectNode config = config("meta-llama--Llama-3.2-1B");
        config.put("some_future_field", "whatever");
        config.putObject("another_new_block")
                .put("nested", 1)
                .putArray("list")
                .add(1)
                .add("two");
        config.put("use_fancy_kernel", true);
        ObjectNode body = workload(1, 1024);
        body.set("modelConfig", config);

        post(body)
                .body("model.parameters", whole(1_235_814_400L))
                .body("weights.bytes", whole(2_471_628_800L))
                .body("kvCache.bytes", whole(33_554_432L));
    }

    @Test
    void aHugeLayerListIsA400NamingIt() {
        // 200,000 entries, about 400 KB: read against each of the 48 layers it took minutes of CPU
        ObjectNode config = config("Qwen--Qwen3-30B-A3B");
        ArrayNode layers = config.putArray("mlp_only_layers");
        for (int i = 0; i < 200_000; i++) {
            layers.add(0);
        }
        ObjectNode body = workload(1, 16);
        body.set("modelConfig", config);

        postExpecting400(body)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("modelConfig.mlp_only_layers"))
                .body("errors[0].rejectedValue", equalTo("200,000 entries"))
                .body("errors[0].message", containsString("65,536"));
    }

    @Test
    void aLayerListAsLongAsTheLayersIsAccepted() {
        ObjectNode config = config("Qwen--Qwen3-30B-A3B");
        ArrayNode layers = config.putArray("mlp_only_layers");
        for (int layer = 0; layer < 48; layer++) {
            layers.add(layer);
        }
        ObjectNode body = workload(1, 16);
        body.set("modelConfig", config);

        // every layer dense: 30,532,122,624 - 48 x (604,241,920 router and experts - 37,748,736 dense MLP)
        post(body).body("model.parameters", whole(3_340_449_792L));
    }

    @Test
    void unknownModelTypeIsCountedAsAGenericDecoderWithAWarning() {
        ObjectNode config = config("meta-llama--Llama-3.2-1B");
        config.put("model_type", "acme_future_arch");
        config.remove("_name_or_path");
        ObjectNode body = workload(1, 1024);
        body.set("modelConfig", config);

        post(body)
                .body("warnings", hasItem(containsString("generic decoder")))
                .body("model.modelType", equalTo("acme_future_arch"))
                .body("model.id", nullValue())
                // a generic decoder (embeddings, q/k/v/o, gated MLP, two norms per layer) is Llama's layout:
                // the same 1,235,814,400 params, x 2 B (torch_dtype bfloat16)
                .body("model.parameters", whole(1_235_814_400L))
                .body("weights.bytes", whole(2_471_628_800L));
    }

    // ---------------------------------------------------------------- weight formats

    /**
     * Llama-3.2-1B in each format. Quantized linear layers per layer (rows = out, columns = in):
     * q 2,048 x 2,048; k, v 512 x 2,048; o 2,048 x 2,048; gate, up 8,192 x 2,048; down 2,048 x 8,192.
     * KV cache: the model's activation dtype, its torch_dtype bfloat16 (bf16), whatever the weights' format:
     * 2 x 16 layers x (8 x 64) x 2 B = 32,768 B per token.
     */
    @ParameterizedTest(name = "{0}: weights {1} B, KV {2} {3} B/token")
    @CsvSource({
        // 973,078,528 x 1 B + 525,471,744
        "fp8,    1498550272, bf16, 32768",
        // 973,078,528 x 0.5 B = 486,539,264 + 525,471,744
        "int4,   1012011008, bf16, 32768",
        // gptq group 128: qweight 4 x in/8 x out + qzeros 4 x groups x out/8 + scales 2 x groups x out
        // + g_idx 4 x in. q: 2,097,152 + 16,384 + 65,536 + 8,192 = 2,187,264 (o the same);
        // k: 524,288 + 4,096 + 16,384 + 8,192 = 552,960 (v the same);
        // gate: 8,388,608 + 65,536 + 262,144 + 8,192 = 8,724,480 (up the same);
        // down (64 groups): 8,388,608 + 65,536 + 262,144 + 32,768 = 8,749,056;
        // per layer 31,678,464 x 16 = 506,855,424 + 525,471,744
        "gptq,   1032327168, bf16, 32768",
        // nf4: 0.5 B + an fp32 absmax per 64: 973,078,528 / 2 + 4 x 973,078,528 / 64
        // = 486,539,264 + 60,817,408 = 547,356,672 + 525,471,744
        "nf4,    1072828416, bf16, 32768",
        // mxfp4: 17 B per 32: 973,078,528 / 32 x 17 = 516,947,968 + 525,471,744
        "mxfp4,  1042419712, bf16, 32768",
        // q4_k_m (llama.cpp mix): Q4_K 144 B per 256, Q6_K 210 B per 256; norms f32; the tied
        // embeddings double as the output head, in Q6_K: 128,256 x 8 x 210 = 215,470,080.
        // Per layer all in Q4_K: q 2,359,296 + k 589,824 + v 589,824 + o 2,359,296
        // + gate, up, down 3 x 9,437,184 = 34,209,792, + norms 2 x 2,048 x 4 B = 16,384 -> 34,226,176;
        // use_more_bits layers (i < 2, i >= 14, (i - 2) % 3 == 2: 0, 1, 4, 7, 10, 13, 14, 15) take
        // attn_v and ffn_down in Q6_K: + (860,160 - 589,824) + (13,762,560 - 9,437,184) = 4,595,712.
        // 16 x 34,226,176 + 8 x 4,595,712 = 584,384,512 + 215,470,080 + final norm 8,192
        "q4_k_m, 799862784,  bf16, 32768"
    })
    void weightFormatsOnLlama32OneB(String weightDtype, long weightBytes, String kvDtype, long kvPerToken) {
        ObjectNode body = workload(1, 1024);
        body.put("model", LLAMA_1B);
        body.put("weightDtype", weightDtype);

        post(body)
                .body("resolved.weightDtype", equalTo(weightDtype))
                .body("weights.bytes", whole(weightBytes))
                .body("resolved.kvCacheDtype", equalTo(kvDtype))
                .body("kvCache.bytesPerToken", whole(kvPerToken))
                .body("kvCache.bytes", whole(1024 * kvPerToken))
                .body("total.bytes", whole(weightBytes + 1024 * kvPerToken))
                .body("model.parameters", whole(1_235_814_400L));
    }

    @Test
    void int4KeepsEmbeddingsAndNormsInSixteenBit() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);
        body.put("weightDtype", "int4");

        post(body)
                // 262,668,288 x 2 B
                .body(part("embeddings", "bytes"), whole(525_336_576L))
                // 67,584 x 2 B
                .body(part("norms", "bytes"), whole(135_168L))
                // 16 x 10,485,760 = 167,772,160 x 0.5 B
                .body(part("attention", "bytes"), whole(83_886_080L))
                // 16 x 50,331,648 = 805,306,368 x 0.5 B
                .body(part("mlp", "bytes"), whole(402_653_184L))
                // 486,539,264 + 525,471,744
                .body("weights.bytes", whole(486_539_264L + LLAMA_1B_KEPT_BYTES));
    }

    @Test
    void gptqGroupSize64CostsMoreThan128() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);
        body.put("weightDtype", "gptq");
        body.put("weightGroupSize", 64);

        post(body)
                .body("resolved.weightGroupSize", whole(64))
                // doubling the groups adds 4 x groups x out/8 + 2 x groups x out per matrix:
                // q, o 16 x (1,024 + 4,096) = 81,920 each; k, v 16 x (256 + 1,024) = 20,480 each;
                // gate, up 16 x (4,096 + 16,384) = 327,680 each; down 64 x (1,024 + 4,096) = 327,680
                // -> 1,187,840 per layer x 16 = 19,005,440 more than group 128 (1,032,327,168)
                .body("weights.bytes", whole(1_051_332_608L));

        body.put("weightGroupSize", 128);
        post(body).body("resolved.weightGroupSize", whole(128)).body("weights.bytes", whole(1_032_327_168L));
    }

    // ---------------------------------------------------------------- KV cache formats

    @Test
    void q8_0KvCacheOnLlama31EightB() {
        ObjectNode body = workload(1, 1000);
        body.put("model", "meta-llama/Llama-3.1-8B");
        body.put("kvCacheDtype", "q8_0");

        post(body)
                .body("resolved.weightDtype", equalTo("bf16"))
                .body("resolved.kvCacheDtype", equalTo("q8_0"))
                // 8,030,261,248 x 2 B
                .body("weights.bytes", whole(16_060_522_496L))
                // each 128-element K or V vector is 4 blocks of 32 at 34 B = 136 B;
                // 32 layers x 16 vectors (2 x 8 KV heads) x 136 B = 69,632
                .body("kvCache.bytesPerToken", whole(69_632L))
                .body("kvCache.bytes", whole(69_632_000L));
    }

    @Test
    void fp8KvCacheOnLlama31EightB() {
        ObjectNode body = workload(1, 1000);
        body.put("model", "meta-llama/Llama-3.1-8B");
        body.put("kvCacheDtype", "fp8");

        post(body)
                .body("resolved.kvCacheDtype", equalTo("fp8"))
                // 2 x 32 x 8 x 128 x 1 B
                .body("kvCache.bytesPerToken", whole(65_536L))
                .body("kvCache.bytes", whole(65_536_000L));
    }

    @Test
    void gemma2NineBSlidingLayersHoldOnlyTheirWindow() {
        ObjectNode body = workload(1, 8192);
        body.put("model", "google/gemma-2-9b");

        post(body)
                // torch_dtype float32 is served as fp16
                .body("resolved.weightDtype", equalTo("fp16"))
                .body("resolved.kvCacheDtype", equalTo("fp16"))
                .body("model.architecture.slidingWindow", whole(4096))
                .body("model.architecture.slidingLayers", whole(21))
                // embeddings 256,000 x 3,584 = 917,504,000 (tied); per layer q 4,096 x 3,584 = 14,680,064
                // + k, v 2,048 x 3,584 = 7,340,032 each + o 14,680,064 = 44,040,192; MLP 3 x 3,584 x 14,336
                // = 154,140,672; 4 norms 14,336 -> 198,195,200 x 42 = 8,324,198,400; final norm 3,584
                // -> 9,241,705,984 x 2 B
                .body("model.parameters", whole(9_241_705_984L))
                .body("weights.bytes", whole(18_483_411_968L))
                // per layer and token 2 x 8 x 256 x 2 B = 8,192; every layer: 42 x 8,192
                .body("kvCache.bytesPerToken", whole(344_064L))
                // 21 full layers x 8,192 tokens + 21 sliding layers x 4,096 tokens, x 8,192 B
                .body("kvCache.bytes", whole(2_113_929_216L));
    }

    // ---------------------------------------------------------------- checkpoint quantization

    @Test
    void gptOss20bDefaultsToMxfp4FromItsQuantizationConfig() {
        ObjectNode body = workload(1, 1);
        body.put("model", "openai/gpt-oss-20b");

        post(body)
                .body("resolved.weightDtype", equalTo("mxfp4"))
                .body("model.quantization.method", equalTo("mxfp4"))
                // 20,914,757,184 (model card 20.91B)
                .body("model.parameters", whole(20_914_757_184L))
                // expert matrices: 24 layers x 32 experts x (gate_up 5,760 x 2,880 + down 2,880 x 2,880)
                // = 24 x 32 x 24,883,200 = 19,110,297,600 params / 32 x 17 B = 10,152,345,600 B;
                // everything else (attention, router, biases, embeddings, lm_head, norms: modules_to_not_convert)
                // 20,914,757,184 - 19,110,297,600 = 1,804,459,584 params x 2 B = 3,608,919,168 B
                .body("weights.bytes", whole(13_761_264_768L))
                .body("warnings", hasItem(allOf(containsString("mxfp4"), containsString("quantization"))));
    }

    @Test
    void explicitWeightDtypeOverridingTheCheckpointAddsAWarning() {
        ObjectNode body = workload(1, 1);
        body.put("model", "openai/gpt-oss-20b");
        body.put("weightDtype", "bf16");

        post(body)
                .body("resolved.weightDtype", equalTo("bf16"))
                // 20,914,757,184 x 2 B
                .body("weights.bytes", whole(41_829_514_368L))
                .body("warnings", hasItem(allOf(containsString("bf16"), containsString("mxfp4"))));
    }

    @Test
    void deepSeekV3ExtraModuleIsCountedOnlyWhenAskedFor() {
        ObjectNode without = workload(1, 1);
        without.put("model", "deepseek-ai/DeepSeek-V3");
        ObjectNode with = without.deepCopy();
        with.put("includeExtraModule", true);

        JsonPath a = post(without)
                .body("resolved.weightDtype", equalTo("fp8_block")) // the checkpoint's quantization_config
                .body("model.extraModule.parameters", whole(13_463_426_304L))
                .body("model.extraModule.included", equalTo(false))
                .extract()
                .jsonPath();
        JsonPath b = post(with)
                .body("model.extraModule.included", equalTo(true))
                .extract()
                .jsonPath();

        long extraBytes = a.getLong("model.extraModule.bytes");
        assertThat(extraBytes).isPositive();
        assertThat(b.getLong("model.extraModule.bytes")).isEqualTo(extraBytes);
        assertThat(b.getLong("weights.bytes") - a.getLong("weights.bytes")).isEqualTo(extraBytes);
        assertThat(b.getLong("total.bytes") - a.getLong("total.bytes")).isEqualTo(extraBytes);
    }

    @Test
    void deepSeekV3ExtraModuleInBf16() {
        ObjectNode body = workload(1, 1);
        body.put("model", "deepseek-ai/DeepSeek-V3");
        body.put("weightDtype", "bf16");
        body.put("includeExtraModule", true);

        post(body)
                // 13,463,426,304 params (see ModelApiTest) x 2 B
                .body("model.extraModule.bytes", whole(26_926_852_608L))
                // (671,026,419,200 + 13,463,426,304) x 2 B = 1,342,052,838,400 + 26,926,852,608
                .body("weights.bytes", whole(1_368_979_691_008L))
                // MLA: 61 x (512 + 64) x 2 B
                .body("kvCache.bytesPerToken", whole(70_272L))
                .body("resolved.attention", equalTo("MLA"));
    }

    @Test
    void mixtralActiveParameters() {
        ObjectNode body = workload(1, 1);
        body.put("model", "mistralai/Mixtral-8x7B-v0.1");

        post(body)
                // see ModelApiTest: 46,702,792,704 total, 2 of 8 experts active
                .body("model.parameters", whole(46_702_792_704L))
                .body("model.activeParameters", whole(12_879_925_248L))
                .body("model.architecture.numExperts", whole(8))
                .body("model.architecture.expertsPerToken", whole(2));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void modelAndModelConfigBothIsA400() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);
        body.set("modelConfig", config("meta-llama--Llama-3.2-1B"));

        postExpecting400(body).body("errors.field", hasItem(anyOf(equalTo("model"), equalTo("modelConfig"))));
    }

    @Test
    void modelAndParametersBothIsA400() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);
        body.put("parameters", 1_235_814_400L);

        postExpecting400(body).body("errors.field", hasItem(anyOf(equalTo("model"), equalTo("parameters"))));
    }

    @Test
    void noModelAtAllIsA400() {
        postExpecting400(workload(1, 1))
                .body("errors.field", hasItem(anyOf(equalTo("model"), equalTo("modelConfig"), equalTo("parameters"))))
                .body("errors.message", hasItem(containsString("modelConfig")));
    }

    @Test
    void shapeFieldsWithAModelAreA400() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);
        body.put("numLayers", 16);

        postExpecting400(body)
                .body("errors.field", hasItem("numLayers"))
                .body(error("numLayers") + ".rejectedValue", number("16"));
    }

    @Test
    void unknownModelWithTheHubOffIsA400SuggestingModelConfig() {
        ObjectNode body = workload(1, 1);
        body.put("model", "acme/not-in-the-catalog");

        postExpecting400(body)
                .body("errors.field", hasItem("model"))
                .body(error("model") + ".rejectedValue", equalTo("acme/not-in-the-catalog"))
                .body(error("model") + ".message", containsString("modelConfig"));
    }

    @Test
    void malformedModelIdIsA400() {
        ObjectNode body = workload(1, 1);
        body.put("model", "../etc/passwd");

        postExpecting400(body)
                .body("errors.field", hasItem("model"))
                .body(error("model") + ".rejectedValue", equalTo("../etc/passwd"));
    }

    /** A broken pasted config: (edit of the Llama-3.2-1B config, field to name, rejected value or null). */
    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
                broken("hidden_size missing", c -> c.remove("hidden_size"), "modelConfig.hidden_size", null),
                broken(
                        "num_attention_heads 0",
                        c -> c.put("num_attention_heads", 0),
                        "modelConfig.num_attention_heads",
                        number("0")),
                broken(
                        "intermediate_size -1",
                        c -> c.put("intermediate_size", -1),
                        "modelConfig.intermediate_size",
                        number("-1")),
                broken(
                        "vocab_size 10^12",
                        c -> c.put("vocab_size", 1_000_000_000_000L),
                        "modelConfig.vocab_size",
                        number("1000000000000")),
                // 5 does not divide 32
                broken(
                        "num_key_value_heads 5",
                        c -> c.put("num_key_value_heads", 5),
                        "modelConfig.num_key_value_heads",
                        number("5")),
                // 16 layers, 3 types
                broken(
                        "layer_types of 3 for 16 layers",
                        c -> c.putArray("layer_types")
                                .add("full_attention")
                                .add("full_attention")
                                .add("full_attention"),
                        "modelConfig.layer_types",
                        null),
                broken(
                        "unsupported quant_method",
                        c -> c.putObject("quantization_config")
                                .put("quant_method", "acme-magic")
                                .put("bits", 3),
                        "modelConfig.quantization_config.quant_method",
                        equalTo("acme-magic")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigs")
    void brokenModelConfigIsA400NamingTheField(Consumer<ObjectNode> edit, String field, Matcher<?> rejectedValue) {
        ObjectNode config = config("meta-llama--Llama-3.2-1B");
        edit.accept(config);
        ObjectNode body = workload(1, 1);
        body.set("modelConfig", config);

        ValidatableResponse response = postExpecting400(body)
                .body("errors.field", hasItem(field))
                .body(error(field) + ".message", notNullValue());
        if (rejectedValue != null) {
            response.body(error(field) + ".rejectedValue", rejectedValue);
        }
    }

    @Test
    void headsNotDividingHiddenSizeWithoutHeadDimIsA400() {
        ObjectNode config = config("meta-llama--Llama-3.2-1B");
        config.remove("head_dim");
        // 2,048 / 24 = 85.33...; 8 KV heads still divide 24
        config.put("num_attention_heads", 24);
        ObjectNode body = workload(1, 1);
        body.set("modelConfig", config);

        postExpecting400(body)
                .body(
                        "errors.field",
                        hasItem(anyOf(
                                equalTo("modelConfig.num_attention_heads"),
                                equalTo("modelConfig.hidden_size"),
                                equalTo("modelConfig.head_dim"))))
                .body("errors.message", hasItem(anyOf(containsString("hidden_size"), containsString("head_dim"))));
    }

    @Test
    void modelConfigAsAStringIsA400() {
        ObjectNode body = workload(1, 1);
        body.put("modelConfig", "{\"model_type\": \"llama\"}");

        postExpecting400(body).body("errors.field", hasItem("modelConfig"));
    }

    @Test
    void modelConfigAsAnArrayIsA400() {
        ObjectNode body = workload(1, 1);
        ArrayNode array = body.putArray("modelConfig");
        array.add(config("meta-llama--Llama-3.2-1B"));

        postExpecting400(body).body("errors.field", hasItem("modelConfig"));
    }

    @Test
    void weightGroupSizeWithBf16IsA400() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);
        body.put("weightDtype", "bf16");
        body.put("weightGroupSize", 64);

        postExpecting400(body)
                .body("errors.field", hasItem("weightGroupSize"))
                .body(error("weightGroupSize") + ".rejectedValue", number("64"));
    }

    @Test
    void weightGroupSizeZeroIsA400() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);
        body.put("weightDtype", "gptq");
        body.put("weightGroupSize", 0);

        postExpecting400(body)
                .body("errors.field", hasItem("weightGroupSize"))
                .body(error("weightGroupSize") + ".rejectedValue", number("0"));
    }

    @Test
    void gptqIsNotAKvCacheFormat() {
        ObjectNode body = workload(1, 1);
        body.put("model", LLAMA_1B);
        body.put("kvCacheDtype", "gptq");

        postExpecting400(body)
                .body("errors.field", hasItem("kvCacheDtype"))
                .body(error("kvCacheDtype") + ".rejectedValue", equalTo("gptq"))
                .body(
                        error("kvCacheDtype") + ".message",
                        containsString("fp32, fp16, bf16, fp8, int8, int4, q8_0, q4_0"))
                .body(error("kvCacheDtype") + ".message", not(containsString("gptq,")));
    }

    // ---------------------------------------------------------------- helpers

    /** A body with only the workload. */
    private static ObjectNode workload(int batchSize, int sequenceLength) {
        ObjectNode body = JSON.createObjectNode();
        body.put("batchSize", batchSize);
        body.put("sequenceLength", sequenceLength);
        return body;
    }

    /** A shipped config.json from the classpath (src/main/resources/models), as an editable tree. */
    static ObjectNode config(String file) {
        try (InputStream in = EstimateModelApiTest.class.getResourceAsStream("/models/" + file + ".json")) {
            assertThat(in).as(file).isNotNull();
            JsonNode tree = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (ObjectNode) tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Arguments broken(String name, Consumer<ObjectNode> edit, String field, Matcher<?> rejectedValue) {
        return Arguments.of(Named.of(name, edit), field, rejectedValue);
    }

    private ValidatableResponse post(ObjectNode body) {
        return postJson(api, "/estimate", body.toString(), 200);
    }

    private ValidatableResponse postExpecting400(ObjectNode body) {
        return postJson(api, "/estimate", body.toString(), 400)
                .body("type", equalTo("urn:gpu-fit:problem:invalid-request"));
    }

    private static String part(String part, String field) {
        return "model.weights.find { it.part == '" + part + "' }." + field;
    }
}
