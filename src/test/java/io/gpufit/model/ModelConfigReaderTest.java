package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact parameter counts of every shipped config against the published safetensors totals
 * (Hugging Face model pages; sources per model in src/main/resources/models/SOURCES.md).
 */
class ModelConfigReaderTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        // counts as published on the Hugging Face model pages
        "meta-llama--Llama-3.2-1B, 1235814400",
        "meta-llama--Llama-3.2-3B, 3212749824",
        "meta-llama--Llama-3.1-8B, 8030261248",
        "meta-llama--Llama-3.1-70B, 70553706496",
        "meta-llama--Llama-3.1-405B, 405853388800",
        "mistralai--Mistral-7B-v0.3, 7248023552",
        "mistralai--Mixtral-8x7B-v0.1, 46702792704",
        "Qwen--Qwen2.5-7B, 7615616512",
        "Qwen--Qwen2.5-72B, 72706203648",
        "Qwen--Qwen3-8B, 8190735360",
        "google--gemma-2-9b, 9241705984",
        // DeepSeek-V3 main model; the published 684,531,386,000 adds MTP and FP8 scales (test below)
        "deepseek-ai--DeepSeek-V3, 671026419200",
        // further checkpoints of the same families
        "openai--gpt-oss-20b, 20914757184", // OpenAI model card: 20.91B
        "openai--gpt-oss-120b, 116829156672", // OpenAI model card: 116.83B
        "tiiuae--falcon-7b, 6921720704", // page 7,217,189,760 also stores the tied head (295,469,056)
        "tiiuae--falcon-40b, 41303293952", // page 41,835,970,560 also stores the tied head (532,676,608)
        "microsoft--Phi-3-mini-4k-instruct, 3821079552",
        "microsoft--Phi-3-medium-4k-instruct, 13960238080",
        "google--gemma-3-1b-it, 999885952",
        // with the SigLIP tower and projector: the page's 27,432,406,640 (text model 27,009,346,304)
        "google--gemma-3-27b-it, 27432406640",
        "google--gemma-2-2b, 2614341888",
        "Qwen--Qwen3-30B-A3B, 30532122624",
        "Qwen--Qwen3-0.6B, 596049920", // page 751,632,384 also stores the tied head (155,582,464)
        "Qwen--Qwen2.5-0.5B, 494032768",
        "deepseek-ai--DeepSeek-V2-Lite, 15706484224",
        "deepseek-ai--DeepSeek-V2-Lite-Chat, 15706484224",
        "deepseek-ai--DeepSeek-V2, 235741434880",
        "mistralai--Mixtral-8x22B-v0.1, 140620634112",
        "mistralai--Mistral-7B-v0.1, 7241732096",
        "codellama--CodeLlama-7b-hf, 6738546688",
        "TheBloke--Llama-2-7B-GPTQ, 6738415616", // Llama-2-7B's count; the checkpoint packs it
        "TheBloke--Mistral-7B-Instruct-v0.1-AWQ, 7241732096",
        // issue 9: model cards (Hugging Face pages, safetensors "Model size")
        "google--gemma-3-4b-it, 4300079472", // card 4.3B: text 3,880,263,168 + SigLIP 416,866,032 + 2,950,272
        "google--gemma-3-12b-it, 12187325040", // card 12.2B
        "google--gemma-2-2b-it, 2614341888", // card 2.61B, the base's count (same network)
        "ibm-granite--granite-3.1-2b-instruct, 2533531648", // card 2.53B
        "Qwen--Qwen1.5-MoE-A2.7B, 14315784192", // Qwen blog and card: 14.3B total, 2.7B activated
        "Qwen--Qwen3-14B, 14768307200", // card 14.8B
        "mistralai--Mixtral-8x7B-Instruct-v0.1, 46702792704", // card 46.7B, the base's count
        // card 24.0B: text 23,572,403,200 + Pixtral 403,305,472 + projector 35,652,608
        "mistralai--Mistral-Small-3.1-24B-Instruct-2503, 24011361280",
        "google--gemma-7b, 8537680896", // card 8.54B
        "meta-llama--Llama-4-Scout-17B-16E-Instruct, 108641793536", // card 109B total (17B active)
    })
    void parameterCountMatchesThePublishedFigure(String file, long parameters) {
        assertThat(read(file).parameters()).isEqualTo(parameters);
    }

    @ParameterizedTest(name = "{0}: {1} B per token in BF16")
    @CsvSource({
        "meta-llama--Llama-3.2-1B, 32768", // 16 layers x 2 x 8 KV heads x 64 x 2 B
        "meta-llama--Llama-3.2-3B, 114688", // 28 x 2 x 8 x 128 x 2
        "meta-llama--Llama-3.1-8B, 131072", // 32 x 2 x 8 x 128 x 2
        "meta-llama--Llama-3.1-70B, 327680", // 80 x 2 x 8 x 128 x 2
        "meta-llama--Llama-3.1-405B, 516096", // 126 x 2 x 8 x 128 x 2
        "mistralai--Mistral-7B-v0.3, 131072", // 32 x 2 x 8 x 128 x 2
        "mistralai--Mixtral-8x7B-v0.1, 131072", // 32 x 2 x 8 x 128 x 2
        "Qwen--Qwen2.5-7B, 57344", // 28 x 2 x 4 x 128 x 2
        "Qwen--Qwen2.5-72B, 327680", // 80 x 2 x 8 x 128 x 2
        "Qwen--Qwen3-8B, 147456", // 36 x 2 x 8 x 128 x 2
        "google--gemma-2-9b, 344064", // 42 x 2 x 8 x 256 x 2
        "deepseek-ai--DeepSeek-V3, 70272", // MLA: 61 x (512 + 64) x 2
        "deepseek-ai--DeepSeek-V2-Lite, 31104", // MLA: 27 x (512 + 64) x 2
        "openai--gpt-oss-20b, 49152", // 24 x 2 x 8 x 64 x 2
        "tiiuae--falcon-7b, 8192", // MQA: 32 x 2 x 1 x 64 x 2
        "tiiuae--falcon-40b, 122880", // 60 x 2 x 8 x 64 x 2
        "microsoft--Phi-3-mini-4k-instruct, 393216", // MHA: 32 x 2 x 32 x 96 x 2
        "Qwen--Qwen1.5-MoE-A2.7B, 196608", // MHA: 24 x 2 x 16 x 128 x 2
        "ibm-granite--granite-3.1-2b-instruct, 81920", // 40 x 2 x 8 x 64 x 2
        "mistralai--Mistral-Small-3.1-24B-Instruct-2503, 163840", // text model: 40 x 2 x 8 x 128 x 2
        "google--gemma-3-4b-it, 139264", // 34 x 2 x 4 x 256 x 2 (29 of them over 1,024 tokens)
    })
    void kvBytesPerTokenFollowsTheAttentionType(String file, long bytes) {
        ModelArchitecture model = read(file);
        long perToken = 0;
        for (KvLayout.LayerGroup group : model.kvLayout().groups()) {
            perToken += group.layers() * group.elementsPerToken() * 2;
        }
        assertThat(perToken).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "meta-llama--Llama-3.1-8B, GQA",
        "Qwen--Qwen2.5-7B, GQA",
        "tiiuae--falcon-7b, MQA",
        "microsoft--Phi-3-mini-4k-instruct, MHA",
        "codellama--CodeLlama-7b-hf, MHA",
        "deepseek-ai--DeepSeek-V3, MLA",
    })
    void attentionType(String file, AttentionType type) {
        assertThat(read(file).attention().type()).isEqualTo(type);
    }

    @org.junit.jupiter.api.Test
    void quantizationConfigsAreUnderstood() {
        assertThat(read("TheBloke--Llama-2-7B-GPTQ").quantization())
                .extracting(QuantizationSpec::format, QuantizationSpec::groupSize)
                .containsExactly("gptq", 128);
        assertThat(read("TheBloke--Mistral-7B-Instruct-v0.1-AWQ").quantization())
                .extracting(QuantizationSpec::format, QuantizationSpec::groupSize)
                .containsExactly("awq", 128);
    }

    @org.junit.jupiter.api.Test
    void catalogReadsEveryShippedConfig() {
        var models = ModelCatalogConfiguration.load(java.util.List.of("classpath:models/*.json"));
        assertThat(models).hasSize(44);
        ModelCatalog catalog = new ModelCatalog(models);
        assertThat(catalog.find("META-LLAMA/llama-3.1-8b"))
                .get()
                .extracting(ModelArchitecture::modelId)
                .isEqualTo("meta-llama/Llama-3.1-8B");
        assertThat(Map.of("ids", catalog.ids())).isNotEmpty();
    }
}
