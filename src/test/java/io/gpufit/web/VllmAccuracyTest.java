package io.gpufit.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every measured vLLM deployment of the reference data (the five calibration points and the 39 of
 * {@code vllm-more-h100.json}, copied from {@code ../shared/reference}) through {@code POST /estimate}:
 * the KV cache tokens vLLM logged against the service's, as a table printed to the test output and
 * written to {@code target/vllm-accuracy.md}. At least 42 of the 44 must be within 2%.
 *
 * <p>Each point becomes the request a user would send: the model id vLLM served, its weight and KV
 * formats, and the engine settings of the log ({@code --quantization fp8} as {@code engine.quantization}).
 * Two models have no published config.json to be found (granite-vision-3.3-2b, Kimi-VL-A3B-Instruct):
 * their rows paste a fixture assembled from partial public copies ({@code calibration/fixtures/README.md})
 * and say so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VllmAccuracyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String H100 = "h100-sxm5-80gb";
    private static final double TOLERANCE = 0.02;
    private static final int REQUIRED_WITHIN = 42;

    @LocalServerPort
    int port;

    /** Measured against estimated, per term: weights, activation peak, non-torch, in GiB; KV tokens. */
    record Row(String model, String settings, long measured, Long estimated, String note, String terms) {

        Double error() {
            return estimated == null ? null : (estimated - measured) / (double) measured;
        }

        boolean within() {
            return error() != null && Math.abs(error()) <= TOLERANCE;
        }
    }

    @Test
    void reproducesAtLeast42Of44MeasuredKvCacheSizesWithinTwoPercent() throws IOException {
        List<JsonNode> points = new ArrayList<>();
        read("/calibration/vllm-0.19-h100-calibration.json").get("points").forEach(points::add);
        read("/calibration/vllm-more-h100.json").get("points").forEach(points::add);
        assertThat(points).hasSize(44);

        RequestSpecification api =
                JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
        List<Row> rows = new ArrayList<>();
        for (JsonNode point : points) {
            rows.add(run(api, point));
        }
        String table = table(rows);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/vllm-accuracy.md"), table);

        long within = rows.stream().filter(Row::within).count();
        assertThat(within).as(table).isGreaterThanOrEqualTo(REQUIRED_WITHIN);
    }

    private static Row run(RequestSpecification api, JsonNode point) {
        JsonNode s = point.get("settings");
        JsonNode figures = point.has("measured") ? point.get("measured") : point.get("figures");
        String version = version(point);
        String formats = point.has("dtype_quant")
                ? point.get("dtype_quant").stringValue()
                : point.get("weights_dtype").stringValue();
        String kvCache = point.get("kv_cache_dtype").stringValue();
        int tp = s.get("tensor_parallel_size").intValue();
        int pp = s.has("pipeline_parallel_size")
                ? s.get("pipeline_parallel_size").intValue()
                : 1;
        int maxModelLen = s.get("max_model_len").intValue();

        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("name", "vllm");
        engine.put("version", version);
        engine.put(
                "gpuMemoryUtilization",
                new BigDecimal(s.get("gpu_memory_utilization").asString()));
        engine.put("maxModelLen", maxModelLen);
        engine.put("maxNumSeqs", s.has("max_num_seqs") ? s.get("max_num_seqs").intValue() : 1024);
        engine.put(
                "maxNumBatchedTokens",
                s.has("max_num_batched_tokens")
                        ? s.get("max_num_batched_tokens").intValue()
                        : 8192);
        engine.put("blockSize", s.has("block_size") ? s.get("block_size").intValue() : 16);
        engine.put("tensorParallelSize", tp);
        engine.put("pipelineParallelSize", pp);
        if (!kvCache.equals("auto")) {
            engine.put("kvCacheDtype", kvCache);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        String model = point.get("model").stringValue();
        JsonNode fixture = fixture(model);
        if (fixture == null) {
            request.put("model", model);
        } else {
            // no published config.json was found: a fixture from partial public copies (see its README)
            request.put("modelConfig", fixture);
        }
        String weightDtype = weightDtype(formats);
        if (weightDtype != null) {
            request.put("weightDtype", weightDtype);
        }
        if (formats.startsWith("runtime --quantization fp8")) {
            engine.put("quantization", "fp8");
        }
        request.put("engine", engine);
        request.put("batchSize", 1);
        request.put("sequenceLength", Math.min(maxModelLen, 2048));
        request.put("gpus", List.of(H100));

        String settings = "%s %s TP%d PP%d len %d%s%s"
                .formatted(
                        version,
                        formats.replaceAll(" \\(.*", ""),
                        tp,
                        pp,
                        maxModelLen,
                        kvCache.equals("auto") ? "" : " kv " + kvCache,
                        fixture == null ? "" : " (fixture config)");
        long measured = figures.get("kv_tokens").longValue();
        Response response = given(api).body(request).post("/estimate");
        if (response.statusCode() != 200) {
            JsonPath problem = response.jsonPath();
            return new Row(
                    point.get("model").stringValue(),
                    settings,
                    measured,
                    null,
                    response.statusCode() + " " + problem.getString("detail"),
                    "");
        }
        JsonPath answer = response.jsonPath();
        long estimated = answer.getLong("candidates[0].serving.kvCacheTokens");
        String terms = "%s / %s | %s / %s | %s / %s"
                .formatted(
                        figure(figures.get("weights_gib")),
                        gib(answer.getLong("candidates[0].serving.weightBytes")),
                        figure(figures.get("activation_peak_gib")),
                        gib(answer.getLong("candidates[0].serving.activationPeakBytes")),
                        figure(figures.get("non_torch_gib")),
                        gib(answer.getLong("candidates[0].serving.nonTorchBytes")));
        return new Row(point.get("model").stringValue(), settings, measured, estimated, "", terms);
    }

    /** A logged figure: one number, or one per pipeline stage. */
    private static String figure(JsonNode value) {
        return value.isArray() ? value.toString().replace(",", ", ") : value.asString();
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (double) (1L << 30));
    }

    /** The fixture config of a model whose published config.json was not found, else null. */
    private static JsonNode fixture(String model) {
        String resource = "/calibration/fixtures/" + model.replace("/", "--") + ".json";
        return VllmAccuracyTest.class.getResource(resource) == null ? null : read(resource);
    }

    /** "v0.19.0" as the API's "0.19". */
    private static String version(JsonNode point) {
        String engine = point.has("engine_version")
                ? point.get("engine_version").stringValue()
                : point.get("engine").stringValue().replace("vLLM ", "");
        String[] parts = engine.replace("v", "").split("\\.");
        return parts[0] + "." + parts[1];
    }

    /** The request's weightDtype for the log's formats; null for a quantized checkpoint's own format. */
    private static String weightDtype(String formats) {
        if (formats.startsWith("fp32")) {
            return "fp32";
        }
        if (formats.startsWith("fp16")) {
            return "fp16";
        }
        if (formats.startsWith("bf16") || formats.startsWith("runtime")) {
            return "bf16";
        }
        return null;
    }

    private static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| model | settings | measured KV tokens | estimated | error | weights GiB logged / estimated "
                + "| activation peak | non-torch |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            out.append("| %s | %s | %,d | %s | %s | %s |\n"
                    .formatted(
                            row.model(),
                            row.settings(),
                            row.measured(),
                            row.estimated() == null ? row.note() : "%,d".formatted(row.estimated()),
                            row.error() == null
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT, "%+.2f%%%s", 100 * row.error(), row.within() ? "" : " MISS"),
                            row.terms().isEmpty() ? "| |" : row.terms()));
        }
        long within = rows.stream().filter(Row::within).count();
        out.append("\n%d of %d within %.0f%%\n".formatted(within, rows.size(), 100 * TOLERANCE));
        return out.toString();
    }

    private static JsonNode read(String resource) {
        try (InputStream in = VllmAccuracyTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
