package io.gpufit.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pins the service's behaviour: every file under {@code src/test/resources/golden/} holds one
 * request and the response the service gave when the file was recorded. Replaying them must give
 * the same status, content type and body (compared as JSON trees).
 *
 * <p>To re-record after an intended change: {@code ./mvnw test -Dtest=GoldenApiTest -Dgolden.record=true},
 * then review {@code git diff src/test/resources/golden} and list each difference in the commit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GoldenApiTest {

    static final Path DIRECTORY = Path.of("src/test/resources/golden");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyRecordedRequestGetsTheRecordedResponse() throws Exception {
        if (Boolean.getBoolean("golden.record")) {
            record();
        }
        List<Path> files = files();
        assertThat(files).hasSizeGreaterThanOrEqualTo(200);
        List<String> differences = new ArrayList<>();
        for (Path file : files) {
            JsonNode golden = JSON.readTree(file.toFile());
            ObjectNode actual = call(golden.get("request"));
            for (String part : List.of("status", "contentType", "body")) {
                if (!golden.get("response").get(part).equals(actual.get(part))) {
                    differences.add(file.getFileName() + ": " + part + " differs; expected\n"
                            + abbreviate(golden.get("response").get(part)) + "\nbut was\n"
                            + abbreviate(actual.get(part)));
                }
            }
        }
        assertThat(differences)
                .as("responses that differ from the golden files")
                .isEmpty();
    }

    private void record() throws IOException, InterruptedException {
        try (Stream<Path> old = Files.list(DIRECTORY)) {
            for (Path file : old.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.delete(file);
            }
        }
        List<GoldenCases.Case> cases = GoldenCases.all();
        for (int i = 0; i < cases.size(); i++) {
            GoldenCases.Case c = cases.get(i);
            ObjectNode file = JSON.createObjectNode();
            file.set("request", c.toJson());
            file.set("response", call(c.toJson()));
            String name = "%03d-%s.json".formatted(i + 1, c.name());
            Files.writeString(
                    DIRECTORY.resolve(name),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file) + "\n");
        }
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> all = Files.list(DIRECTORY)) {
            return all.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private ObjectNode call(JsonNode request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + request.get("path").asString()))
                .header("Accept", "application/json, application/problem+json");
        String method = request.get("method").asString();
        if (request.has("body") || request.has("rawBody")) {
            String body = request.has("body")
                    ? JSON.writeValueAsString(request.get("body"))
                    : request.get("rawBody").asString();
            String contentType =
                    request.has("contentType") ? request.get("contentType").asString() : "application/json";
            builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        ObjectNode result = JSON.createObjectNode();
        result.put("status", response.statusCode());
        result.put("contentType", response.headers().firstValue("Content-Type").orElse(""));
        String text = response.body();
        JsonNode body;
        try {
            body = text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        } catch (RuntimeException notJson) {
            body = JSON.getNodeFactory().stringNode(text);
        }
        result.set("body", body);
        return result;
    }

    private static String abbreviate(JsonNode node) {
        String text = node == null ? "(absent)" : node.toString();
        return text.length() > 4000 ? text.substring(0, 4000) + "..." : text;
    }
}
