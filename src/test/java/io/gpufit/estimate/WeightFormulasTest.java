package io.gpufit.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelConfigReader;
import io.gpufit.model.TensorGroup;
import io.gpufit.model.WeightPart;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Weight bytes per format: single matrices worked out from each format's tensor layout, whole
 * models against published file sizes.
 */
class WeightFormulasTest {

    static ModelArchitecture model(String file) {
        try (InputStream in = WeightFormulasTest.class.getResourceAsStream("/models/" + file + ".json")) {
            return ModelConfigReader.read(JsonMapper.builder().build().readTree(in), "modelConfig");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long weights(ModelArchitecture model, Dtype format) {
        return MemoryEstimator.estimate(model, new Precision(format, Dtype.FP16), new Workload(1, 1))
                .weightBytes();
    }

    @ParameterizedTest(name = "{0} [4096 x 4096] = {1} B")
    @CsvSource({
        // qweight int32 [512, 4096] 8,388,608 + qzeros int32 [32, 512] 65,536 + scales fp16 [32, 4096]
        // 262,144 + g_idx int32 [4096] 16,384 (TheBloke/Llama-2-7B-GPTQ q_proj shapes)
        "GPTQ, 8732672",
        // qweight int32 [4096, 512] 8,388,608 + qzeros int32 [32, 512] 65,536 + scales fp16 [32, 4096] 262,144
        "AWQ, 8716288",
        // 16,777,216 codes / 2 = 8,388,608 + 262,144 blocks of 64 x 4 B absmax
        "NF4, 9437184",
        // 8,388,608 + 262,144 one-byte absmax + 1,024 fp32 scales (one per 256 blocks) x 4 B
        "NF4_DOUBLE, 8654848",
        // 4096 rows x 128 blocks of 32 x 17 B
        "MXFP4, 8912896",
        // 16,777,216 + 32 x 32 blocks of 128 x 128 x 4 B
        "FP8_BLOCK, 16781312",
        // 4096 rows x 128 blocks x 34 B
        "Q8_0, 17825792",
        // 4096 rows x 16 super-blocks x 210 B
        "Q6_K, 13762560",
        "INT4, 8388608",
        "INT8, 16777216",
    })
    void oneMatrix(Dtype format, long bytes) {
        assertThat(WeightFormulas.matrixBytes(4096, 4096, format, 128)).isEqualTo(bytes);
    }

    @Test
    void gptqPerChannelGroupsCountOneGroupPerOutput() {
        // group -1: qzeros [1, 512] x 4 = 2,048, scales [1, 4096] x 2 = 8,192; qweight and g_idx as before
        assertThat(WeightFormulas.matrixBytes(4096, 4096, Dtype.GPTQ, -1))
                .isEqualTo(8_388_608L + 2_048 + 8_192 + 16_384);
    }

    @Test
    void fp8BlockScalesRoundPartialBlocksUp() {
        // DeepSeek-V3 kv_a_proj_with_mqa [576, 7168]: 5 x 56 blocks (576 / 128 = 4.5 -> 5)
        assertThat(WeightFormulas.matrixBytes(576, 7168, Dtype.FP8_BLOCK, 128)).isEqualTo(576L * 7168 + 4L * 5 * 56);
    }

    @Test
    void llama31EightBInBf16IsTwoBytesPerParameter() {
        assertThat(weights(model("meta-llama--Llama-3.1-8B"), Dtype.BF16)).isEqualTo(2 * 8_030_261_248L);
    }

    @ParameterizedTest(name = "Llama-3.1-8B {0}: {1} bits per weight")
    @CsvSource({
        // llama.cpp tools/quantize/README.md, table for meta-llama/Llama-3.1-8B (bpw = file bytes x 8 / params)
        "Q2_K, 3.1593",
        "Q4_K_M, 4.8944",
        "Q5_K_M, 5.7036",
        "Q6_K, 6.5633",
        "Q8_0, 8.5008",
    })
    void ggufSizesMatchLlamaCppsPublishedBitsPerWeight(Dtype format, String bitsPerWeight) {
        ModelArchitecture llama = model("meta-llama--Llama-3.1-8B");
        BigDecimal bpw = BigDecimal.valueOf(weights(llama, format) * 8)
                .divide(BigDecimal.valueOf(llama.parameters()), 4, RoundingMode.HALF_UP);
        assertThat(bpw).isEqualByComparingTo(bitsPerWeight);
    }

    @ParameterizedTest(name = "Llama-3 8B {0}: {1} GiB")
    @CsvSource({
        // llama.cpp tools/quantize/quantize.cpp QUANT_OPTIONS: file sizes for Llama-3-8B (same shape as 3.1),
        // rounded to 0.01 GiB and including the file's metadata (tokenizer): within 0.015 GiB
        "Q3_K_S, 3.41",
        "Q3_K_M, 3.74",
        "Q3_K_L, 4.03",
        "Q4_K_S, 4.37",
        "Q4_K_M, 4.58",
        "Q5_K_S, 5.21",
        "Q5_K_M, 5.33",
    })
    void ggufSizesMatchLlamaCppsPublishedFileSizes(Dtype format, String gib) {
        long bytes = weights(model("meta-llama--Llama-3.1-8B"), format);
        BigDecimal ours = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1L << 30), 4, RoundingMode.HALF_UP);
        assertThat(ours).isCloseTo(new BigDecimal(gib), org.assertj.core.data.Offset.offset(new BigDecimal("0.015")));
    }

    @Test
    void ggufQ4_0QuantizesEverythingButTheOutputHeadAndNorms() {
        // linear layers and embeddings: 8,030,261,248 - 525,336,576 (output) - 266,240 (norms)
        // = 7,504,658,432 x 18 / 32 = 4,221,370,368 B; output in Q6_K: 525,336,576 x 210 / 256 = 430,940,160 B;
        // norms in f32: 266,240 x 4 = 1,064,960 B
        assertThat(weights(model("meta-llama--Llama-3.1-8B"), Dtype.Q4_0))
                .isEqualTo(4_221_370_368L + 430_940_160L + 1_064_960L);
    }

    @Test
    void gptOssKeepsAttentionInBf16AndExpertsInMxfp4() {
        ModelArchitecture oss = model("openai--gpt-oss-20b");
        // experts: 24 layers x 32 x (5,760 x 2,880 + 2,880 x 2,880) = 19,110,297,600 params in MXFP4:
        // / 32 = 597,196,800 blocks x 17 B = 10,152,345,600 B; the other 1,804,459,584 params (attention,
        // router, embeddings, head, norms, biases) in BF16: 3,608,919,168 B
        assertThat(weights(oss, Dtype.MXFP4)).isEqualTo(10_152_345_600L + 3_608_919_168L);
    }

    @Test
    void quantizedFormatsKeepEmbeddingsAndHeadInSixteenBit() {
        ModelArchitecture llama = model("meta-llama--Llama-3.1-8B");
        MemoryEstimate int4 =
                MemoryEstimator.estimate(llama, new Precision(Dtype.INT4, Dtype.FP16), new Workload(1, 1));
        // embeddings and head: 2 x 128,256 x 4,096 = 1,050,673,152 params; norms 65 x 4,096 = 266,240
        assertThat(int4.keptParameters()).isEqualTo(1_050_673_152L + 266_240L);
        assertThat(int4.weightBytesByPart().get(WeightPart.EMBEDDINGS)).isEqualTo(2L * 128_256 * 4_096);
        // the linear layers: 8,030,261,248 - 1,050,939,392 = 6,979,321,856 params at 0.5 B
        assertThat(int4.weightBytes()).isEqualTo(6_979_321_856L / 2 + 2 * 1_050_939_392L);
    }

    @ParameterizedTest(name = "{0}: {1} bytes per 256 values")
    @CsvSource({
        // ggml-common.h: block_iq4_xs = fp16 d + u16 scales_h + 4 x u8 scales_l + 128 B of 4-bit codes
        // = 136 B per 256 (4.25 bpw, as llama-quantize lists it); block_iq4_nl = fp16 d + 16 B of codes
        // = 18 B per 32, so 144 B per 256 (4.5 bpw)
        "IQ4_XS, 136",
        "IQ4_NL, 144",
    })
    void iq4BlocksHaveGgmlsSizes(Dtype format, long bytesPer256) {
        // a middle-layer q_proj of Llama-3.1-8B [4096, 4096]: 16 blocks of 256 per row
        ModelArchitecture llama = model("meta-llama--Llama-3.1-8B");
        TensorGroup q = llama.inventory().tensors().stream()
                .filter(g -> g.role() == io.gpufit.model.TensorRole.ATTENTION_Q)
                .findFirst()
                .orElseThrow();
        GgufMix.Model facts = new GgufMix.Model(32, 0, 4, false, false, false);
        assertThat(GgufMix.bytes(q, format, facts)).isEqualTo(32L * 4096 * 16 * bytesPer256);
    }
}
