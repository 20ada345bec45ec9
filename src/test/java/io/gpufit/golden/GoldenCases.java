package io.gpufit.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests the golden files were recorded from: explicit sizes, catalog ids and pasted configs
 * of every family, every weight and KV format, TP/PP, vLLM versions, catalogs, /plan, bad input.
 * Used only when recording; replay reads the requests back from the files.
 */
final class GoldenCases {

    record Case(String name, String method, String path, JsonNode body, String rawBody, String contentType) {

        JsonNode toJson() {
            ObjectNode json = GoldenApiTest.JSON.createObjectNode();
            json.put("method", method);
            json.put("path", path);
            if (body != null) {
                json.set("body", body);
            }
            if (rawBody != null) {
                json.put("rawBody", rawBody);
            }
            if (contentType != null) {
                json.put("contentType", contentType);
            }
            return json;
        }
    }

    static final List<String> WEIGHT_FORMATS = List.of(
            "fp32",
            "fp16",
            "bf16",
            "fp8",
            "fp8_block",
            "int8",
            "int4",
            "gptq",
            "awq",
            "nf4",
            "nf4_double",
            "mxfp4",
            "q8_0",
            "q6_k",
            "q5_k_m",
            "q4_k_m",
            "q4_0",
            "q3_k_m",
            "q2_k");
    static final List<String> KV_FORMATS = List.of("fp32", "fp16", "bf16", "fp8", "int8", "int4", "q8_0", "q4_0");
    static final List<String> FEW_GPUS = List.of("l4", "a100-sxm4-80gb", "h100-sxm5-80gb");
    static final List<String> SERVING_GPUS = List.of("l40s", "a100-sxm4-80gb", "h100-sxm5-80gb");
    static final List<String> GPU_IDS = List.of(
            "p100-pcie-16gb",
            "v100-sxm2-32gb",
            "t4",
            "a10",
            "l4",
            "a40",
            "l40s",
            "a100-pcie-40gb",
            "a100-sxm4-80gb",
            "h100-pcie-80gb",
            "h100-sxm5-80gb",
            "h200-sxm-141gb",
            "b200",
            "rtx-4090",
            "mi300x");

    private final List<Case> cases = new ArrayList<>();

    private GoldenCases() {}

    static List<Case> all() {
        GoldenCases c = new GoldenCases();
        c.explicitSizes();
        c.catalogModels();
        c.pastedConfigs();
        c.formats();
        c.serving();
        c.catalogs();
        c.plans();
        c.badInput();
        c.names();
        c.contract();
        c.schedulers();
        return c.cases;
    }

    private void explicitSizes() {
        estimate("seed", seed(b -> gpus(b, "p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb")));
        estimate("seed-whole-catalog", seed(b -> {}));
        estimate("seed-parameters-exact", seed(b -> {
            b.remove("parametersBillions");
            b.put("parameters", 1_000_000_000L);
        }));
        estimate("seed-hidden-size", seed(b -> {
            b.remove("headDim");
            b.put("hiddenSize", 2048);
        }));
        estimate("seed-mha", seed(b -> b.put("numKeyValueHeads", 32)));
        estimate("seed-mqa", seed(b -> b.put("numKeyValueHeads", 1)));
        estimate("seed-no-kv-heads", seed(b -> b.remove("numKeyValueHeads")));
        estimate("seed-utilization", seed(b -> b.put("memoryUtilization", 0.5)));
        estimate("seed-big-batch", seed(b -> {
            b.put("batchSize", 512);
            b.put("sequenceLength", 32768);
        }));
        estimate("seed-fractional-billions", seed(b -> b.put("parametersBillions", 7.241732096)));
        estimate("seed-nothing-fits", seed(b -> {
            b.put("parametersBillions", 2000);
            gpus(b, "t4", "h100-sxm5-80gb");
        }));
        estimate("seed-short-names", seed(b -> gpus(b, "H100", "l4", "RTX 4090")));
        for (String format : WEIGHT_FORMATS) {
            estimate("seed-weights-" + format, seed(b -> {
                b.put("weightDtype", format);
                gpus(b, "t4", "l4", "h100-sxm5-80gb");
            }));
        }
        for (String kv : KV_FORMATS) {
            estimate("seed-kv-" + kv, seed(b -> {
                b.put("kvCacheDtype", kv);
                gpus(b, "t4", "l4", "h100-sxm5-80gb");
            }));
        }
        estimate("seed-gptq-group-64", seed(b -> {
            b.put("weightDtype", "gptq");
            b.put("weightGroupSize", 64);
            gpus(b, "l4");
        }));
        estimate("seed-awq-per-channel", seed(b -> {
            b.put("weightDtype", "awq");
            b.put("weightGroupSize", -1);
            gpus(b, "l4");
        }));
        estimate("seed-engine-vllm", seed(b -> {
            b.set("engine", object(Map.of("name", "vllm")));
            gpus(b, "l4", "h100-sxm5-80gb");
        }));
    }

    private void catalogModels() {
        for (String id : catalogIds()) {
            estimate("model-" + slug(id), body(b -> {
                b.put("model", id);
                b.put("batchSize", 1);
                b.put("sequenceLength", 4096);
                gpus(b, FEW_GPUS.toArray(String[]::new));
            }));
        }
        estimate("model-whole-catalog-llama-70b", body(b -> {
            b.put("model", "meta-llama/Llama-3.1-70B");
            b.put("batchSize", 8);
            b.put("sequenceLength", 4096);
        }));
        estimate("model-deepseek-v3-extra-module", body(b -> {
            b.put("model", "deepseek-ai/DeepSeek-V3");
            b.put("batchSize", 1);
            b.put("sequenceLength", 8192);
            b.put("includeExtraModule", true);
            gpus(b, "h200-sxm-141gb", "b200", "mi300x");
        }));
        estimate("model-gemma-2-sliding-long", body(b -> {
            b.put("model", "google/gemma-2-9b");
            b.put("batchSize", 4);
            b.put("sequenceLength", 8192);
            gpus(b, "l4", "a10");
        }));
        estimate("model-gemma-3-sliding", body(b -> {
            b.put("model", "google/gemma-3-27b-it");
            b.put("batchSize", 2);
            b.put("sequenceLength", 32768);
            gpus(b, "h100-sxm5-80gb");
        }));
    }

    private void pastedConfigs() {
        for (Path file : modelFiles()) {
            estimate("config-" + slug(file.getFileName().toString().replace(".json", "")), body(b -> {
                b.set("modelConfig", read(file));
                b.put("batchSize", 2);
                b.put("sequenceLength", 2048);
                gpus(b, "a100-sxm4-80gb");
            }));
        }
        estimate("config-unknown-family", body(b -> {
            ObjectNode config = (ObjectNode) read(modelFile("meta-llama--Llama-3.2-1B.json"));
            config.put("model_type", "mystery");
            b.set("modelConfig", config);
            b.put("batchSize", 1);
            b.put("sequenceLength", 1024);
            gpus(b, "l4");
        }));
        estimate("config-qwen-sliding", body(b -> {
            ObjectNode config = (ObjectNode) read(modelFile("Qwen--Qwen2.5-7B.json"));
            config.put("use_sliding_window", true);
            config.put("sliding_window", 4096);
            config.put("max_window_layers", 14);
            b.set("modelConfig", config);
            b.put("batchSize", 1);
            b.put("sequenceLength", 16384);
            gpus(b, "l4");
        }));
    }

    private void formats() {
        for (String format : WEIGHT_FORMATS) {
            estimate("llama-8b-weights-" + format, body(b -> {
                b.put("model", "meta-llama/Llama-3.1-8B");
                b.put("weightDtype", format);
                b.put("batchSize", 4);
                b.put("sequenceLength", 4096);
                gpus(b, "t4", "l4", "h100-sxm5-80gb");
            }));
        }
        for (String kv : KV_FORMATS) {
            estimate("llama-8b-kv-" + kv, body(b -> {
                b.put("model", "meta-llama/Llama-3.1-8B");
                b.put("kvCacheDtype", kv);
                b.put("batchSize", 4);
                b.put("sequenceLength", 4096);
                gpus(b, "l4", "h100-sxm5-80gb");
            }));
        }
        for (String format : List.of("q4_k_m", "q3_k_m", "q2_k", "q5_k_m", "q6_k", "q8_0")) {
            for (String model : List.of(
                    "mistralai/Mixtral-8x7B-v0.1",
                    "tiiuae/falcon-40b",
                    "meta-llama/Llama-3.1-70B",
                    "deepseek-ai/DeepSeek-V2-Lite")) {
                estimate("gguf-" + format + "-" + slug(model), body(b -> {
                    b.put("model", model);
                    b.put("weightDtype", format);
                    b.put("batchSize", 1);
                    b.put("sequenceLength", 4096);
                    gpus(b, "a100-sxm4-80gb");
                }));
            }
        }
        for (String format : List.of("fp8_block", "gptq", "nf4", "mxfp4", "int4")) {
            estimate("moe-weights-" + format, body(b -> {
                b.put("model", "Qwen/Qwen3-30B-A3B");
                b.put("weightDtype", format);
                b.put("batchSize", 8);
                b.put("sequenceLength", 8192);
                gpus(b, "l40s", "h100-sxm5-80gb");
            }));
        }
        estimate("gptq-checkpoint-override-fp16", body(b -> {
            b.put("model", "TheBloke/Llama-2-7B-GPTQ");
            b.put("weightDtype", "fp16");
            b.put("batchSize", 1);
            b.put("sequenceLength", 4096);
            gpus(b, "l4");
        }));
        estimate("mla-kv-fp8", body(b -> {
            b.put("model", "deepseek-ai/DeepSeek-V2-Lite");
            b.put("kvCacheDtype", "fp8");
            b.put("batchSize", 16);
            b.put("sequenceLength", 16384);
            gpus(b, "h100-sxm5-80gb", "a100-sxm4-80gb");
        }));
    }

    private void serving() {
        for (String id : catalogIds()) {
            estimate("vllm-" + slug(id), body(b -> {
                b.put("model", id);
                b.put("batchSize", 8);
                b.put("sequenceLength", 4096);
                b.set("engine", object(Map.of("name", "vllm")));
                gpus(b, SERVING_GPUS.toArray(String[]::new));
            }));
        }
        for (String version : List.of("0.19", "0.20", "0.21", "0.21.1", "0.30")) {
            estimate("vllm-version-" + version, vllm(Map.of("name", "vllm", "version", version)));
        }
        for (int tp : new int[] {1, 2, 4, 8}) {
            estimate("vllm-tp-" + tp, vllm(Map.of("name", "vllm", "tensorParallelSize", tp)));
        }
        estimate("vllm-pp-2", vllm(Map.of("name", "vllm", "pipelineParallelSize", 2)));
        estimate("vllm-tp-2-pp-2", vllm(Map.of("name", "vllm", "tensorParallelSize", 2, "pipelineParallelSize", 2)));
        estimate("vllm-kv-fp8", vllm(Map.of("name", "vllm", "kvCacheDtype", "fp8")));
        estimate("vllm-kv-auto", vllm(Map.of("name", "vllm", "kvCacheDtype", "auto")));
        estimate(
                "vllm-settings",
                vllm(Map.of(
                        "name",
                        "vllm",
                        "version",
                        "0.19",
                        "gpuMemoryUtilization",
                        0.8,
                        "maxModelLen",
                        16384,
                        "maxNumSeqs",
                        64,
                        "maxNumBatchedTokens",
                        4096,
                        "blockSize",
                        32)));
        estimate("vllm-refuses-to-start", body(b -> {
            b.put("model", "meta-llama/Llama-3.1-70B");
            b.put("batchSize", 1);
            b.put("sequenceLength", 4096);
            b.set("engine", object(Map.of("name", "vllm", "tensorParallelSize", 1)));
            gpus(b, "h100-sxm5-80gb");
        }));
        estimate("vllm-sequence-past-max-model-len", body(b -> {
            b.put("model", "meta-llama/Llama-3.1-8B");
            b.put("batchSize", 1);
            b.put("sequenceLength", 200000);
            b.set("engine", object(Map.of("name", "vllm")));
            gpus(b, "h100-sxm5-80gb");
        }));
        estimate("vllm-old-gpus", body(b -> {
            b.put("model", "Qwen/Qwen2.5-0.5B");
            b.put("batchSize", 1);
            b.put("sequenceLength", 1024);
            b.set("engine", object(Map.of("name", "vllm")));
            gpus(b, "p100-pcie-16gb", "t4", "v100-sxm2-32gb", "mi300x");
        }));
        estimate("vllm-mixtral-tp-2", body(b -> {
            b.put("model", "mistralai/Mixtral-8x7B-v0.1");
            b.put("batchSize", 16);
            b.put("sequenceLength", 8192);
            b.set("engine", object(Map.of("name", "vllm", "version", "0.19", "tensorParallelSize", 2)));
            gpus(b, "h100-sxm5-80gb");
        }));
        estimate("vllm-whole-catalog", body(b -> {
            b.put("model", "Qwen/Qwen3-8B");
            b.put("batchSize", 32);
            b.put("sequenceLength", 8192);
            b.set("engine", object(Map.of("name", "vllm")));
        }));
        estimate("vllm-explicit-sizes", seed(b -> {
            b.set("engine", object(Map.of("name", "vllm")));
            gpus(b, "l4");
        }));
    }

    private void catalogs() {
        get("gpus", "/gpus");
        for (String id : GPU_IDS) {
            get("gpu-" + id, "/gpus/" + id);
        }
        get("gpu-short-name", "/gpus/H100");
        get("gpu-ambiguous", "/gpus/A100");
        get("gpu-unknown", "/gpus/nope");
        get("models", "/models");
        for (String id : catalogIds()) {
            get("model-view-" + slug(id), "/models/" + id);
        }
        get("model-unknown", "/models/acme/unknown");
        get("model-unknown-one-segment", "/models/unknown");
        get("health", "/actuator/health/readiness");
    }

    private void plans() {
        ArrayNode scenarios = GoldenApiTest.JSON.createArrayNode();
        scenarios.add(scenario("seed", seed(b -> {})));
        scenarios.add(scenario("chat-8b", body(b -> {
            b.put("model", "meta-llama/Llama-3.1-8B");
            b.put("batchSize", 16);
            b.put("sequenceLength", 8192);
            b.set("engine", object(Map.of("name", "vllm")));
        })));
        scenarios.add(scenario("own-gpus", seed(b -> gpus(b, "t4"))));
        ObjectNode plan = GoldenApiTest.JSON.createObjectNode();
        plan.set("gpus", strings("l4", "h100-sxm5-80gb", "a100-sxm4-80gb"));
        plan.set("scenarios", scenarios);
        post("plan-three-scenarios", "/plan", plan);

        ObjectNode bad = GoldenApiTest.JSON.createObjectNode();
        ArrayNode badScenarios = GoldenApiTest.JSON.createArrayNode();
        badScenarios.add(scenario("fine", seed(b -> {})));
        badScenarios.add(scenario("no-batch", seed(b -> b.remove("batchSize"))));
        badScenarios.add(scenario("bad-gpu", seed(b -> gpus(b, "nope"))));
        bad.set("scenarios", badScenarios);
        post("plan-bad-scenarios", "/plan", bad);

        ObjectNode badTop = GoldenApiTest.JSON.createObjectNode();
        badTop.set("gpus", strings("nope", "A100"));
        ArrayNode two = GoldenApiTest.JSON.createArrayNode();
        two.add(scenario("a", seed(b -> {})));
        two.add(scenario("b", seed(b -> {})));
        badTop.set("scenarios", two);
        post("plan-bad-top-level-gpus", "/plan", badTop);

        ObjectNode empty = GoldenApiTest.JSON.createObjectNode();
        empty.set("scenarios", GoldenApiTest.JSON.createArrayNode());
        post("plan-no-scenarios", "/plan", empty);

        ObjectNode catalog = GoldenApiTest.JSON.createObjectNode();
        ArrayNode perModel = GoldenApiTest.JSON.createArrayNode();
        for (String id : List.of(
                "Qwen/Qwen2.5-7B",
                "mistralai/Mixtral-8x7B-v0.1",
                "deepseek-ai/DeepSeek-V2-Lite",
                "google/gemma-2-2b")) {
            perModel.add(scenario(id, body(b -> {
                b.put("model", id);
                b.put("batchSize", 4);
                b.put("sequenceLength", 4096);
                b.set("engine", object(Map.of("name", "vllm", "version", "0.19")));
            })));
        }
        catalog.set("gpus", strings("a100-sxm4-80gb", "h100-sxm5-80gb"));
        catalog.set("scenarios", perModel);
        post("plan-vllm-models", "/plan", catalog);
    }

    private void badInput() {
        estimate("bad-missing-batch", seed(b -> b.remove("batchSize")));
        estimate("bad-zero-batch", seed(b -> b.put("batchSize", 0)));
        estimate("bad-negative-sequence", seed(b -> b.put("sequenceLength", -1)));
        estimate("bad-huge-batch", seed(b -> b.put("batchSize", new java.math.BigInteger("99999999999999999999"))));
        estimate("bad-quoted-number", seed(b -> b.put("batchSize", "4")));
        estimate("bad-fraction", seed(b -> b.put("batchSize", 4.5)));
        estimate("bad-unknown-field", seed(b -> b.put("batchsize", 4)));
        estimate("bad-unknown-dtype", seed(b -> b.put("weightDtype", "fp12")));
        estimate("bad-kv-not-a-kv-format", seed(b -> b.put("kvCacheDtype", "gptq")));
        estimate("bad-group-size-on-fp16", seed(b -> b.put("weightGroupSize", 64)));
        estimate("bad-group-size-zero", seed(b -> {
            b.put("weightDtype", "gptq");
            b.put("weightGroupSize", 0);
        }));
        estimate("bad-kv-heads-do-not-divide", seed(b -> b.put("numKeyValueHeads", 7)));
        estimate("bad-hidden-not-multiple", seed(b -> {
            b.remove("headDim");
            b.put("hiddenSize", 2050);
        }));
        estimate("bad-no-head-dim", seed(b -> b.remove("headDim")));
        estimate("bad-no-weight-dtype", seed(b -> b.remove("weightDtype")));
        estimate("bad-no-layers", seed(b -> b.remove("numLayers")));
        estimate("bad-both-parameters", seed(b -> b.put("parameters", 1_000_000_000L)));
        estimate("bad-no-model", body(b -> {
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
        }));
        estimate("bad-shape-without-parameters", body(b -> {
            b.put("numLayers", 16);
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
        }));
        estimate("bad-model-and-parameters", seed(b -> b.put("model", "meta-llama/Llama-3.1-8B")));
        estimate("bad-model-with-shape", body(b -> {
            b.put("model", "meta-llama/Llama-3.1-8B");
            b.put("numLayers", 32);
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
        }));
        estimate("bad-unknown-model", body(b -> {
            b.put("model", "acme/unknown-7b");
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
        }));
        estimate("bad-malformed-model-id", body(b -> {
            b.put("model", "not a model id");
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
        }));
        estimate("bad-unknown-gpu", seed(b -> gpus(b, "nope")));
        estimate("bad-ambiguous-gpu", seed(b -> gpus(b, "A100")));
        estimate("bad-empty-gpus", seed(b -> b.set("gpus", GoldenApiTest.JSON.createArrayNode())));
        estimate("bad-utilization-zero", seed(b -> b.put("memoryUtilization", 0)));
        estimate("bad-utilization-above-one", seed(b -> b.put("memoryUtilization", 1.5)));
        estimate("bad-overflow", seed(b -> {
            b.put("parametersBillions", 9_000_000);
            b.put("batchSize", 1_000_000);
            b.put("sequenceLength", 10_000_000);
        }));
        estimate("bad-engine-name", seed(b -> b.set("engine", object(Map.of("name", "tgi")))));
        estimate("bad-engine-version", seed(b -> b.set("engine", object(Map.of("name", "vllm", "version", "1.x")))));
        estimate("bad-engine-kv", seed(b -> b.set("engine", object(Map.of("name", "vllm", "kvCacheDtype", "int4")))));
        estimate("bad-engine-with-utilization", seed(b -> {
            b.set("engine", object(Map.of("name", "vllm")));
            b.put("memoryUtilization", 0.8);
        }));
        estimate("bad-engine-tp-3", body(b -> {
            b.put("model", "meta-llama/Llama-3.1-8B");
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
            b.set("engine", object(Map.of("name", "vllm", "tensorParallelSize", 3)));
        }));
        estimate("bad-engine-pp-too-deep", body(b -> {
            b.put("model", "meta-llama/Llama-3.2-1B");
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
            b.set("engine", object(Map.of("name", "vllm", "pipelineParallelSize", 64)));
        }));
        estimate("bad-engine-unknown-field", seed(b -> b.set("engine", object(Map.of("name", "vllm", "tp", 2)))));
        estimate("bad-config-not-object", body(b -> {
            b.put("modelConfig", "llama");
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
        }));
        estimate("bad-config-missing-hidden", body(b -> {
            ObjectNode config = (ObjectNode) read(modelFile("meta-llama--Llama-3.2-1B.json"));
            config.remove("hidden_size");
            b.set("modelConfig", config);
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
        }));
        estimate("bad-config-unsupported-quant", body(b -> {
            ObjectNode config = (ObjectNode) read(modelFile("meta-llama--Llama-3.2-1B.json"));
            config.set("quantization_config", object(Map.of("quant_method", "hqq")));
            b.set("modelConfig", config);
            b.put("batchSize", 1);
            b.put("sequenceLength", 1);
        }));
        raw("bad-malformed-json", "/estimate", "{\"batchSize\": 4,", "application/json");
        raw(
                "bad-duplicate-key",
                "/estimate",
                "{\"batchSize\": 4, \"batchSize\": 5, \"sequenceLength\": 1}",
                "application/json");
        raw("bad-array-body", "/estimate", "[1, 2]", "application/json");
        raw("bad-empty-body", "/estimate", "", "application/json");
        raw("bad-trailing-tokens", "/estimate", "{\"batchSize\": 4} {}", "application/json");
        raw("bad-content-type", "/estimate", "batchSize=4", "text/plain");
        get("bad-get-estimate", "/estimate");
        get("bad-no-such-path", "/nothing-here");
    }

    /** Names as people and schedulers write them (recorded after the first 329 cases). */
    private void names() {
        get("names-gpu-nvidia-smi", "/gpus/NVIDIA%20H100%2080GB%20HBM3");
        get("names-gpu-feature-discovery", "/gpus/NVIDIA-A100-SXM4-80GB");
        get("names-gpu-typo", "/gpus/H10O");
        get("names-model-without-org", "/models/Llama-3.1-8B");
        get("names-model-unknown-one-segment", "/models/unknown");
        get("names-model-alias", "/models/meta-llama/Llama-3.1-8B-Instruct");
        get("names-model-instruct-config", "/models/Qwen/Qwen2.5-7B-Instruct");
        estimate("names-model-typo", body(b -> {
            b.put("model", "meta-llama/Llama-3.1-8C");
            b.put("batchSize", 1);
            b.put("sequenceLength", 4096);
        }));
        estimate("names-dtype-aliases", seed(b -> {
            b.put("weightDtype", "bfloat16");
            b.put("kvCacheDtype", "fp8_e5m2");
            gpus(b, "Tesla T4", "NVIDIA A10G", "NVIDIA-H100-80GB-HBM3");
        }));
        estimate("names-dtype-typo", seed(b -> b.put("weightDtype", "bf61")));
    }

    /** Answers whose shape openapi.yaml must describe too: every null a field can take, null in requests. */
    private void contract() {
        ObjectNode unnamed = GoldenApiTest.JSON.createObjectNode();
        unnamed.set("gpus", strings("a40"));
        unnamed.set(
                "scenarios",
                GoldenApiTest.JSON
                        .createArrayNode()
                        .add(GoldenApiTest.JSON.createObjectNode().set("request", seed(b -> {}))));
        post("contract-plan-unnamed-scenario", "/plan", unnamed);
        estimate("contract-optional-fields-null", seed(b -> {
            for (String field : List.of(
                    "model",
                    "modelConfig",
                    "engine",
                    "includeExtraModule",
                    "parameters",
                    "hiddenSize",
                    "kvCacheDtype",
                    "weightGroupSize",
                    "memoryUtilization",
                    "minHeadroomBytes")) {
                b.putNull(field);
            }
            gpus(b, "a40");
        }));
        estimate("contract-no-compatible-gpu", seed(b -> {
            b.put("weightDtype", "fp8");
            gpus(b, "t4", "v100-sxm2-32gb");
        }));
        get("contract-gpu-unknown-encoded", "/gpus/tpu%20v5e");
    }

    /** MIG slices and inventories (issue 13, recorded after the first 383 cases). */
    private void schedulers() {
        estimate("schedulers-mig-seed-a100", seed(b -> {
            gpus(b, "a100-sxm4-80gb");
            b.put("allowMig", true);
        }));
        estimate("schedulers-mig-seed-gpus", seed(b -> {
            gpus(b, "p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb");
            b.put("allowMig", true);
        }));
        estimate("schedulers-mig-seed-whole-catalog", seed(b -> b.put("allowMig", true)));
        estimate("schedulers-mig-vllm", body(b -> {
            b.put("model", "Qwen/Qwen2.5-0.5B");
            b.put("batchSize", 4);
            b.put("sequenceLength", 1024);
            b.set("engine", object(Map.of("name", "vllm")));
            gpus(b, "a100-sxm4-80gb", "h100-sxm5-80gb");
            b.put("allowMig", true);
        }));
        estimate("schedulers-inventory-held-elsewhere", sixtyBillion(Map.of("H100", 1, "L40S", 4)));
        estimate("schedulers-inventory-holds-best", sixtyBillion(Map.of("h100-sxm5-80gb", 2)));
        estimate("schedulers-inventory-nothing-free", sixtyBillion(Map.of("h100-sxm5-80gb", 1)));
        estimate("schedulers-inventory-mig", seed(b -> {
            gpus(b, "a100-sxm4-80gb");
            b.put("allowMig", true);
            b.set("inventory", object(Map.of("a100-sxm4-80gb", 1)));
        }));
        post(
                "schedulers-plan-inventory",
                "/plan",
                body(b -> b.set(
                        "scenarios",
                        GoldenApiTest.JSON
                                .createArrayNode()
                                .add(scenario("60b", sixtyBillion(Map.of("h100", 1, "l40s", 4)))))));
        estimate(
                "schedulers-bad-inventory",
                seed(b -> b.set("inventory", object(Map.of("A100", 1, "tpu-v5e", 1, "h100", -1)))));
        estimate("schedulers-bad-allow-mig", seed(b -> b.put("allowMig", "yes")));
    }

    /** 60 billion fp16 parameters: 2 x H100 or 4 x L40S. */
    private static ObjectNode sixtyBillion(Map<String, Object> inventory) {
        return body(b -> {
            b.put("parametersBillions", 60);
            b.put("weightDtype", "fp16");
            b.put("numLayers", 80);
            b.put("numAttentionHeads", 64);
            b.put("numKeyValueHeads", 8);
            b.put("headDim", 128);
            b.put("batchSize", 1);
            b.put("sequenceLength", 1024);
            gpus(b, "h100-sxm5-80gb", "l40s");
            b.set("inventory", object(inventory));
        });
    }

    // helpers

    private void estimate(String name, ObjectNode body) {
        post(name, "/estimate", body);
    }

    private void post(String name, String path, JsonNode body) {
        cases.add(new Case(name, "POST", path, body, null, null));
    }

    private void raw(String name, String path, String body, String contentType) {
        cases.add(new Case(name, "POST", path, null, body, contentType));
    }

    private void get(String name, String path) {
        cases.add(new Case(name, "GET", path, null, null, null));
    }

    private static ObjectNode body(Consumer<ObjectNode> fill) {
        ObjectNode body = GoldenApiTest.JSON.createObjectNode();
        fill.accept(body);
        return body;
    }

    /** The reference README's worked example. */
    private static ObjectNode seed(Consumer<ObjectNode> change) {
        ObjectNode body = body(b -> {
            b.put("parametersBillions", 1);
            b.put("weightDtype", "fp16");
            b.put("numLayers", 16);
            b.put("numAttentionHeads", 32);
            b.put("numKeyValueHeads", 8);
            b.put("headDim", 64);
            b.put("batchSize", 4);
            b.put("sequenceLength", 256);
        });
        change.accept(body);
        return body;
    }

    private static ObjectNode vllm(Map<String, Object> engine) {
        return body(b -> {
            b.put("model", "meta-llama/Llama-3.1-8B");
            b.put("batchSize", 8);
            b.put("sequenceLength", 4096);
            b.set("engine", object(engine));
            gpus(b, "a100-sxm4-80gb", "h100-sxm5-80gb", "l4");
        });
    }

    private static ObjectNode scenario(String name, ObjectNode request) {
        ObjectNode scenario = GoldenApiTest.JSON.createObjectNode();
        scenario.put("name", name);
        scenario.set("request", request);
        return scenario;
    }

    private static ObjectNode object(Map<String, Object> values) {
        ObjectNode node = GoldenApiTest.JSON.createObjectNode();
        values.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> node.set(e.getKey(), GoldenApiTest.JSON.valueToTree(e.getValue())));
        return node;
    }

    private static void gpus(ObjectNode body, String... ids) {
        body.set("gpus", strings(ids));
    }

    private static ArrayNode strings(String... values) {
        ArrayNode array = GoldenApiTest.JSON.createArrayNode();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    /** Catalog configs shipped after the golden files were first recorded: left out so the numbering holds. */
    private static final java.util.Set<String> ADDED_LATER =
            java.util.Set.of("Qwen--Qwen2.5-7B-Instruct.json", "Qwen--Qwen2.5-72B-Instruct.json");

    private static List<Path> modelFiles() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/models"))) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !ADDED_LATER.contains(f.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path modelFile(String name) {
        return Path.of("src/main/resources/models", name);
    }

    private static List<String> catalogIds() {
        return modelFiles().stream()
                .map(f -> read(f).get("_name_or_path").asString())
                .toList();
    }

    private static JsonNode read(Path file) {
        return GoldenApiTest.JSON.readTree(file.toFile());
    }

    private static String slug(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
    }
}
