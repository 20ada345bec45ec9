package io.gpufit.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Random requests, valid and absurd, through the whole stack: every answer is 200 or a 400
 * problem, never a 500. The seed is fixed so a failure reproduces.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NeverFiveHundredApiTest {

    private static final List<String> TYPES = List.of(
            "llama",
            "mistral",
            "mixtral",
            "qwen2",
            "qwen3",
            "qwen3_moe",
            "gemma2",
            "gemma3_text",
            "phi3",
            "deepseek_v2",
            "deepseek_v3",
            "gpt_oss",
            "falcon",
            "unknown_family");
    private static final List<String> DTYPES =
            List.of("fp32", "bf16", "fp8", "int4", "gptq", "nf4", "mxfp4", "q4_k_m", "q2_k", "fp8_block");

    @LocalServerPort
    int port;

    @Test
    void randomConfigsAndWorkloadsNeverAnswer500() {
        SplittableRandom random = new SplittableRandom(20261126L);
        int answered = 0;
        for (int i = 0; i < 300; i++) {
            absurd = random.nextInt(3) == 0;
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("model_type", TYPES.get(random.nextInt(TYPES.size())));
            config.put("hidden_size", size(random, 1 << 21));
            config.put("intermediate_size", size(random, 1 << 25));
            config.put("moe_intermediate_size", size(random, 1 << 16));
            config.put("num_hidden_layers", size(random, 20_000));
            config.put("num_attention_heads", size(random, 1 << 17));
            config.put("num_key_value_heads", size(random, 1 << 10));
            config.put("vocab_size", size(random, 20_000_000));
            config.put("num_local_experts", size(random, 256));
            config.put("num_experts", size(random, 256));
            config.put("n_routed_experts", size(random, 256));
            config.put("num_experts_per_tok", size(random, 16));
            config.put("kv_lora_rank", size(random, 4096));
            config.put("qk_rope_head_dim", size(random, 256));
            config.put("qk_nope_head_dim", size(random, 256));
            config.put("v_head_dim", size(random, 256));
            config.put("sliding_window", random.nextBoolean() ? null : size(random, 1 << 20));
            config.put("max_position_embeddings", size(random, 1 << 24));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("modelConfig", config);
            body.put("weightDtype", DTYPES.get(random.nextInt(DTYPES.size())));
            body.put("batchSize", size(random, 2_000_000));
            body.put("sequenceLength", size(random, 200_000_000));
            if (random.nextBoolean()) {
                body.put("engine", Map.of("name", "vllm"));
            }
            Response response =
                    given().port(port).contentType(ContentType.JSON).body(body).post("/estimate");
            assertThat(response.statusCode())
                    .as("case %d: %s -> %s", i, body, response.asString())
                    .isIn(200, 400);
            answered += response.statusCode() == 200 ? 1 : 0;
        }
        // both paths are exercised: estimates of random but valid models, and rejections
        assertThat(answered).isBetween(30, 270);
    }

    /** Whether the case at hand mixes in zero, negative and overflowing sizes. */
    private boolean absurd;

    /** Mostly realistic sizes, sometimes zero, negative or far beyond the limits. */
    private long size(SplittableRandom random, int realistic) {
        return switch (absurd ? random.nextInt(10) : 9) {
            case 0 -> 0;
            case 1 -> -random.nextInt(1, 100);
            case 2 -> random.nextLong(1, Long.MAX_VALUE);
            default -> random.nextInt(1, Math.max(2, realistic / 64)) * (random.nextInt(20) == 0 ? 64L : 1L);
        };
    }
}
