package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.PROBLEM_JSON;
import static io.gpufit.web.JsonMatchers.number;
import static io.gpufit.web.JsonMatchers.whole;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * GET /models and GET /models/{org}/{name}: the catalog read from src/main/resources/models. Every
 * expected number is derived by hand from the config.json files (arithmetic in the comments) or is a
 * published figure quoted in models/SOURCES.md, never copied from the service's output.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelApiTest {

    /** The 32 config.json files shipped in src/main/resources/models, by their _name_or_path. */
    private static final String[] CATALOG_IDS = {
        "codellama/CodeLlama-7b-hf",
        "deepseek-ai/DeepSeek-V2",
        "deepseek-ai/DeepSeek-V2-Lite",
        "deepseek-ai/DeepSeek-V2-Lite-Chat",
        "deepseek-ai/DeepSeek-V3",
        "google/gemma-2-2b",
        "google/gemma-2-9b",
        "google/gemma-3-1b-it",
        "google/gemma-3-27b-it",
        "meta-llama/Llama-3.1-405B",
        "meta-llama/Llama-3.1-70B",
        "meta-llama/Llama-3.1-8B",
        "meta-llama/Llama-3.2-1B",
        "meta-llama/Llama-3.2-3B",
        "microsoft/Phi-3-medium-4k-instruct",
        "microsoft/Phi-3-mini-4k-instruct",
        "mistralai/Mistral-7B-v0.1",
        "mistralai/Mistral-7B-v0.3",
        "mistralai/Mixtral-8x22B-v0.1",
        "mistralai/Mixtral-8x7B-v0.1",
        "openai/gpt-oss-120b",
        "openai/gpt-oss-20b",
        "Qwen/Qwen2.5-0.5B",
        "Qwen/Qwen2.5-72B",
        "Qwen/Qwen2.5-7B",
        "Qwen/Qwen3-0.6B",
        "Qwen/Qwen3-30B-A3B",
        "Qwen/Qwen3-8B",
        "TheBloke/Llama-2-7B-GPTQ",
        "TheBloke/Mistral-7B-Instruct-v0.1-AWQ",
        "tiiuae/falcon-40b",
        "tiiuae/falcon-7b"
    };

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).build();
    }

    // ---------------------------------------------------------------- GET /models

    @Test
    void listsTheThirtyTwoCatalogModelsEachWithItsSummaryFields() {
        given(api)
                .when()
                .get("/models")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("models", hasSize(51)) // 44 config files + 7 declared aliases
                .body("models.id", hasItems(CATALOG_IDS))
                .body("models.every { it.id != null && it.modelType != null }", equalTo(true))
                .body("models.every { it.parameters instanceof Number && it.parameters > 0 }", equalTo(true))
                .body(
                        "models.every { it.activeParameters instanceof Number && it.activeParameters > 0 "
                                + "&& it.activeParameters <= it.parameters }",
                        equalTo(true))
                .body(
                        "models.every { it.kvCacheBytesPerToken instanceof Number && it.kvCacheBytesPerToken > 0 }",
                        equalTo(true))
                // present on every entry; null for a config without max_position_embeddings (falcon)
                .body("models.every { it.containsKey('contextLength') }", equalTo(true));
    }

    @Test
    void llama31EightBSummary() {
        given(api)
                .when()
                .get("/models")
                .then()
                .statusCode(200)
                .body(model("meta-llama/Llama-3.1-8B", "modelType"), equalTo("llama"))
                // embeddings 128,256 x 4,096 = 525,336,576; lm_head (untied) the same;
                // per layer: q 4,096 x 4,096 = 16,777,216 + k, v 1,024 x 4,096 = 4,194,304 each
                // + o 16,777,216 = 41,943,040; MLP 3 x 4,096 x 14,336 = 176,160,768; 2 norms 8,192
                // -> 218,112,000 x 32 layers = 6,979,584,000; final norm 4,096
                // 2 x 525,336,576 + 6,979,584,000 + 4,096 = 8,030,261,248
                .body(model("meta-llama/Llama-3.1-8B", "parameters"), whole(8_030_261_248L))
                .body(model("meta-llama/Llama-3.1-8B", "activeParameters"), whole(8_030_261_248L)) // dense
                // 32 layers x 2 (K and V) x 8 KV heads x 128 (4,096 / 32) x 2 B
                .body(model("meta-llama/Llama-3.1-8B", "kvCacheBytesPerToken"), whole(131_072L))
                .body(model("meta-llama/Llama-3.1-8B", "contextLength"), whole(131_072L));
    }

    @Test
    void deepSeekV3SummaryCountsTheMlaLatentNotTheHeads() {
        given(api)
                .when()
                .get("/models")
                .then()
                .statusCode(200)
                .body(model("deepseek-ai/DeepSeek-V3", "modelType"), equalTo("deepseek_v3"))
                // MLA: 61 layers x (kv_lora_rank 512 + qk_rope_head_dim 64) x 2 B = 70,272
                .body(model("deepseek-ai/DeepSeek-V3", "kvCacheBytesPerToken"), whole(70_272L))
                .body(model("deepseek-ai/DeepSeek-V3", "contextLength"), whole(163_840L))
                // 671B main model, multi-token prediction apart (derivation in deepSeekV3ExtraModule...)
                .body(model("deepseek-ai/DeepSeek-V3", "parameters"), whole(671_026_419_200L));
    }

    @Test
    void falconHasNoContextLength() {
        // tiiuae--falcon-7b.json has no max_position_embeddings
        given(api)
                .when()
                .get("/models")
                .then()
                .statusCode(200)
                .body(model("tiiuae/falcon-7b", "contextLength"), nullValue());
    }

    @Test
    void mixtralActiveParametersCountTwoOfEightExperts() {
        given(api)
                .when()
                .get("/models")
                .then()
                .statusCode(200)
                // embeddings + lm_head 2 x 32,000 x 4,096 = 262,144,000; final norm 4,096;
                // per layer: attention 41,943,040 + norms 8,192 + router 8 x 4,096 = 32,768
                // + experts 8 x 3 x 4,096 x 14,336 = 8 x 176,160,768 = 1,409,286,144
                // -> 1,451,270,144 x 32 = 46,440,644,608 + 262,144,000 + 4,096 = 46,702,792,704
                .body(model("mistralai/Mixtral-8x7B-v0.1", "parameters"), whole(46_702_792_704L))
                // active: 2 experts 352,321,536 instead of 8 -> 394,305,536 x 32 = 12,617,777,152
                // + 262,144,000 + 4,096 = 12,879,925,248
                .body(model("mistralai/Mixtral-8x7B-v0.1", "activeParameters"), whole(12_879_925_248L));
    }

    /** Published exact counts quoted in models/SOURCES.md (and its counts.json "true_params"). */
    @ParameterizedTest(name = "{0}: {1} parameters")
    @CsvSource({
        "openai/gpt-oss-20b, 20914757184", // OpenAI model card 20.91B; Ollama
        "openai/gpt-oss-120b, 116829156672", // model card 116.83B
        "microsoft/Phi-3-mini-4k-instruct, 3821079552",
        "microsoft/Phi-3-medium-4k-instruct, 13960238080",
        "google/gemma-3-1b-it, 999885952",
        "google/gemma-3-27b-it, 27432406640", // with the vision tower, as the page counts it
        "google/gemma-2-2b, 2614341888",
        "Qwen/Qwen3-30B-A3B, 30532122624",
        "Qwen/Qwen2.5-0.5B, 494032768",
        "Qwen/Qwen3-0.6B, 596049920", // tied lm_head counted once (HF total 751,632,384 stores it)
        "deepseek-ai/DeepSeek-V2-Lite, 15706484224",
        "deepseek-ai/DeepSeek-V2, 235741434880",
        "mistralai/Mixtral-8x22B-v0.1, 140620634112",
        "mistralai/Mistral-7B-v0.1, 7241732096",
        "codellama/CodeLlama-7b-hf, 6738546688",
        "tiiuae/falcon-7b, 6921720704", // 7,217,189,760 on HF minus the stored tied lm_head
        "tiiuae/falcon-40b, 41303293952" // 41,835,970,560 on HF minus the stored tied lm_head
    })
    void publishedParameterCounts(String id, long parameters) {
        given(api).when().get("/models").then().statusCode(200).body(model(id, "parameters"), whole(parameters));
    }

    // ---------------------------------------------------------------- GET /models/{org}/{name}

    @Test
    void llama32OneBDetail() {
        getModel("/models/meta-llama/Llama-3.2-1B")
                .body("id", equalTo("meta-llama/Llama-3.2-1B"))
                .body("modelType", equalTo("llama"))
                // embeddings 128,256 x 2,048 = 262,668,288 (tied: no lm_head);
                // per layer: q 2,048 x 2,048 = 4,194,304 + k, v 512 x 2,048 = 1,048,576 each + o 4,194,304
                // = 10,485,760; MLP 3 x 2,048 x 8,192 = 50,331,648; 2 norms 4,096 -> 60,821,504 x 16
                // = 973,144,064; final norm 2,048. 262,668,288 + 973,144,064 + 2,048 = 1,235,814,400
                .body("parameters", whole(1_235_814_400L))
                .body("activeParameters", whole(1_235_814_400L))
                // 16 x 2 x 8 x 64 x 2 B
                .body("kvCacheBytesPerToken", whole(32_768L))
                .body("contextLength", whole(131_072L))
                .body("architecture.numLayers", whole(16))
                .body("architecture.hiddenSize", whole(2048))
                .body("architecture.attention", equalTo("GQA"))
                .body("architecture.numAttentionHeads", whole(32))
                .body("architecture.numKeyValueHeads", whole(8))
                .body("architecture.headDim", whole(64))
                .body("architecture.vocabSize", whole(128_256))
                .body("architecture.tiedEmbeddings", equalTo(true))
                .body("architecture.slidingWindow", whole(0))
                .body("architecture.slidingLayers", whole(0))
                .body("architecture.kvLoraRank", whole(0))
                .body("architecture.qkRopeHeadDim", whole(0))
                .body("architecture.numExperts", whole(0))
                .body("architecture.expertsPerToken", whole(0))
                .body("architecture.sharedExperts", whole(0))
                .body("architecture.contextLength", whole(131_072L))
                .body("extraModule", nullValue())
                .body("quantization", nullValue());
    }

    @Test
    void llama32OneBWeightsByPartInBf16() {
        getModel("/models/meta-llama/Llama-3.2-1B")
                // 128,256 x 2,048 = 262,668,288 params x 2 B
                .body(part("embeddings", "parameters"), whole(262_668_288L))
                .body(part("embeddings", "bytes"), whole(525_336_576L))
                // 16 x 10,485,760
                .body(part("attention", "parameters"), whole(167_772_160L))
                .body(part("attention", "bytes"), whole(335_544_320L))
                // 16 x 50,331,648
                .body(part("mlp", "parameters"), whole(805_306_368L))
                .body(part("mlp", "bytes"), whole(1_610_612_736L))
                .body(part("experts", "parameters"), whole(0))
                .body(part("experts", "bytes"), whole(0))
                // (2 x 16 + 1) x 2,048 = 33 x 2,048
                .body(part("norms", "parameters"), whole(67_584L))
                .body(part("norms", "bytes"), whole(135_168L))
                // tied embeddings: no separate output head
                .body(part("outputHead", "parameters"), whole(0))
                .body(part("outputHead", "bytes"), whole(0))
                // the parts add up: 262,668,288 + 167,772,160 + 805,306,368 + 67,584 = 1,235,814,400
                .body("weights.collect { it.parameters as long }.sum()", whole(1_235_814_400L))
                // x 2 B
                .body("weights.collect { it.bytes as long }.sum()", whole(2_471_628_800L));
    }

    @Test
    void idIsCaseInsensitive() {
        getModel("/models/META-LLAMA/llama-3.2-1b")
                .body("id", equalTo("meta-llama/Llama-3.2-1B"))
                .body("parameters", whole(1_235_814_400L));
    }

    @Test
    void unknownModelIsA404Problem() {
        given(api)
                .when()
                .get("/models/acme/no-such-model")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gpu-fit:problem:model-not-found"))
                .body("status", number("404"))
                .body("title", notNullValue())
                .body("detail", containsString("acme/no-such-model"));
    }

    @Test
    void deepSeekV3ExtraModuleIsTheMultiTokenPredictionLayer() {
        getModel("/models/deepseek-ai/DeepSeek-V3")
                .body("id", equalTo("deepseek-ai/DeepSeek-V3"))
                .body("architecture.attention", equalTo("MLA"))
                .body("architecture.kvLoraRank", whole(512))
                .body("architecture.qkRopeHeadDim", whole(64))
                .body("architecture.numExperts", whole(256))
                .body("architecture.expertsPerToken", whole(8))
                .body("architecture.sharedExperts", whole(1))
                .body("kvCacheBytesPerToken", whole(70_272L))
                .body("extraModule.name", containsString("multi-token prediction"))
                // MTP module (num_nextn_predict_layers 1): own embeddings and head 2 x 129,280 x 7,168
                // = 1,853,358,080; enorm, hnorm, shared_head.norm 3 x 7,168 = 21,504; eh_proj
                // 7,168 x 14,336 = 102,760,448; one MoE decoder layer:
                //   attention q_a 1,536 x 7,168 = 11,010,048 + q_a_layernorm 1,536
                //   + q_b 128 x 192 x 1,536 = 37,748,736 + kv_a 576 x 7,168 = 4,128,768 + kv_a_layernorm 512
                //   + kv_b 128 x 256 x 512 = 16,777,216 + o 7,168 x 16,384 = 117,440,512 + 2 norms 14,336
                //   = 187,121,664; router 256 x 7,168 = 1,835,008 + score bias 256;
                //   experts 256 x 3 x 2,048 x 7,168 = 11,274,289,152; shared 3 x 2,048 x 7,168 = 44,040,192
                //   -> 11,507,286,272
                // 1,853,358,080 + 21,504 + 102,760,448 + 11,507,286,272 = 13,463,426,304
                // (the DeepSeek-V3 README's "14B" MTP module)
                .body("extraModule.parameters", whole(13_463_426_304L))
                // the listing is in BF16: x 2 B
                .body("extraModule.bytes", whole(26_926_852_608L))
                .body("extraModule.included", equalTo(false))
                // not part of the model proper: 3 dense layers (187,121,664 + MLP 3 x 7,168 x 18,432
                // = 396,361,728 -> 583,483,392) x 3 = 1,750,450,176 + 58 MoE layers x 11,507,286,272
                // = 667,422,603,776 + embeddings and head 1,853,358,080 + final norm 7,168 = 671,026,419,200
                .body("parameters", whole(671_026_419_200L))
                .body("quantization.method", equalTo("fp8"))
                .body("quantization.format", equalTo("fp8_block"));
    }

    @Test
    void llamaHasNoExtraModule() {
        getModel("/models/meta-llama/Llama-3.1-8B")
                .body("extraModule", nullValue())
                .body(part("outputHead", "parameters"), whole(525_336_576L)) // untied: 128,256 x 4,096
                .body("weights.part", not(hasItems("unattributed")));
    }

    // ---------------------------------------------------------------- helpers

    private ValidatableResponse getModel(String path) {
        return given(api).when().get(path).then().statusCode(200).contentType(ContentType.JSON);
    }

    /** GPath to a field of the model {@code id} in the list. */
    private static String model(String id, String field) {
        return "models.find { it.id == '" + id + "' }." + field;
    }

    /** GPath to a field of one weight part of a model detail. */
    private static String part(String part, String field) {
        return "weights.find { it.part == '" + part + "' }." + field;
    }
}
