package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.postJson;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The GGUF types added for people who copy llama.cpp's names: accepted in any case, sized as llama-quantize writes them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GgufTypesApiTest {

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).build();
    }

    @ParameterizedTest(name = "{0}: {2} GiB")
    @CsvSource({
        // llama.cpp tools/quantize/quantize.cpp QUANT_OPTIONS for Llama-3-8B (the shape of 3.1 8B): file sizes
        // in GiB, rounded to 0.01 and including the tokenizer's metadata, so the weights are within 0.015
        "Q3_K_S, q3_k_s, 3.41",
        "Q3_K_L, q3_k_l, 4.03",
        "q4_k_s, q4_k_s, 4.37",
        "Q5_K_S, q5_k_s, 5.21",
    })
    void kQuantMixesAreSizedAsLlamaQuantizeWritesThem(String given, String canonical, double gib) {
        postJson(api, "/estimate", """
                        {"model": "meta-llama/Llama-3.1-8B", "weightDtype": "%s", "batchSize": 1,
                         "sequenceLength": 4096, "gpus": ["l4"]}""".formatted(given), 200)
                .body("resolved.weightDtype", equalTo(canonical))
                .body("weights.gib", closeTo(gib, 0.015))
                // the cache stays 16-bit: 2 x 32 layers x 8 KV heads x 128 x 2 B (bf16, from torch_dtype)
                .body("kvCache.bytesPerToken", equalTo(131_072));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // 4,096 = 16 blocks of 256 (IQ4_XS, 136 B each) or 128 blocks of 32 (IQ4_NL, 18 B each): one layer's
        // q_proj [4096 x 4096] takes 4,096 x 16 x 136 = 8,912,896 B or 4,096 x 128 x 18 = 9,437,184 B; the
        // explicit seed packs its 1,000,000,000 parameters whole: 3,906,250 x 136 or 31,250,000 x 18
        "IQ4_XS, iq4_xs, 531250000",
        "iq4_nl, iq4_nl, 562500000",
    })
    void iq4TypesPackAParameterCountInTheirBlocks(String given, String canonical, long bytes) {
        postJson(api, "/estimate", """
                        {"parametersBillions": 1, "weightDtype": "%s", "numLayers": 16, "numAttentionHeads": 32,
                         "numKeyValueHeads": 8, "headDim": 64, "batchSize": 4, "sequenceLength": 256,
                         "gpus": ["l4"]}""".formatted(given), 200)
                .body("resolved.weightDtype", equalTo(canonical))
                .body("weights.bytes", JsonMatchers.whole(bytes));
    }
}
