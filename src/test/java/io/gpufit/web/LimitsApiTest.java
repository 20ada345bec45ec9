package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.PROBLEM_JSON;
import static io.gpufit.web.JsonMatchers.seed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request limits (gpufit.limits, Tomcat's timeouts) and the HTTP layer's own refusals, through
 * a real server with small limits and short timeouts, over plain sockets where a client library
 * would not send the request: every answer is application/problem+json naming what was refused.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpufit.limits.max-body-size=2KB",
            "gpufit.limits.max-plan-body-size=4KB",
            "gpufit.limits.body-read-timeout=1s",
            "server.tomcat.connection-timeout=1s",
            "gpufit.limits.max-errors=5",
            "gpufit.limits.max-rejected-value-length=16",
            "gpufit.limits.max-plan-candidates=10"
        })
class LimitsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Long enough for any answer here; an answer that never comes fails the test instead of hanging it. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    private RawHttp connect() throws IOException {
        return new RawHttp(port, READ_TIMEOUT);
    }

    private static JsonPath problem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith(PROBLEM_JSON);
        JsonPath body = JsonPath.from(answer.body());
        assertThat(body.getInt("status")).isEqualTo(status);
        return body;
    }

    // ------------------------------------------------------------ body size

    /** A Content-Length over the limit is refused at once: the body itself is never sent. */
    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeItIsSent() throws IOException {
        try (RawHttp http = connect()) {
            http.send(RawHttp.head("POST", "/estimate", "Content-Type: application/json", "Content-Length: 104857600"));
            RawHttp.Answer answer = http.read();

            JsonPath body = problem(answer, 413);
            assertThat(body.getString("title")).isEqualTo("Content Too Large");
            assertThat(body.getString("instance")).isEqualTo("/estimate");
            assertThat(body.getString("detail"))
                    .isEqualTo("The body of POST /estimate may be at most 2,048 bytes (gpufit.limits.max-body-size); "
                            + "this one declares 104,857,600 bytes (Content-Length) and was not read.");
            // the unread body is not drained: the connection closes
            assertThat(http.closed()).isTrue();
        }
    }

    /** POST /plan has a limit of its own, larger than POST /estimate's. */
    @Test
    void planBodiesHaveTheirOwnLimit() throws IOException {
        String plan = planOf(List.of("a40"), 10, seedJson());
        assertThat(plan.length()).isBetween(2049, 4096);
        given().port(port)
                .contentType(ContentType.JSON)
                .body(plan)
                .post("/plan")
                .then()
                .statusCode(200)
                .body("results", hasSize(10));

        try (RawHttp http = connect()) {
            http.send(RawHttp.head("POST", "/plan", "Content-Type: application/json", "Content-Length: 4097"));
            assertThat(problem(http.read(), 413).getString("detail"))
                    .startsWith("The body of POST /plan may be at most 4,096 bytes (gpufit.limits.max-plan-body-size)")
                    .endsWith("Split the plan into smaller ones.");
        }
    }

    /** Without a Content-Length (chunked) the body is counted as it arrives, and refused once past the limit. */
    @Test
    void aChunkedBodyOverTheLimitIs413() throws IOException {
        StringBuilder names = new StringBuilder("{\"gpus\": [\"a40\"");
        while (names.length() < 3000) {
            names.append(", \"a40\"");
        }
        String body =
                names.append("], \"batchSize\": 1, \"sequenceLength\": 1}").toString();
        try (RawHttp http = connect()) {
            http.send(
                    RawHttp.head("POST", "/estimate", "Content-Type: application/json", "Transfer-Encoding: chunked"));
            for (int i = 0; i < body.length(); i += 500) {
                http.send(RawHttp.chunk(body.substring(i, Math.min(body.length(), i + 500))));
            }
            http.send(RawHttp.LAST_CHUNK);

            assertThat(problem(http.read(), 413).getString("detail"))
                    .isEqualTo("The body of POST /estimate may be at most 2,048 bytes (gpufit.limits.max-body-size); "
                            + "this one sent more, and reading stopped there.");
        }
    }

    // ------------------------------------------------------------ slow bodies

    /**
     * A body that stops arriving is answered with 408 once one read has waited the connection
     * timeout (1 s here), and one that trickles once the body read timeout (1 s) has passed; either
     * way the connection is closed and the worker thread freed. With a Content-Length the response
     * cache reads the body first, without one Jackson does: both paths are covered.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stalled, Content-Length", "stalled, chunked", "trickling, chunked"})
    void aSlowBodyIs408(String how) throws IOException, InterruptedException {
        boolean chunked = how.endsWith("chunked");
        try (RawHttp http = connect()) {
            http.send(RawHttp.head(
                    "POST",
                    "/estimate",
                    "Content-Type: application/json",
                    chunked ? "Transfer-Encoding: chunked" : "Content-Length: 200"));
            http.send(chunked ? RawHttp.chunk("{\"batchSize\": ") : "{\"batchSize\": ");
            if (how.startsWith("trickling")) {
                // a space every 100 ms, each read well within the connection timeout, until the answer comes
                for (int i = 0; i < 100 && !http.answered(); i++) {
                    if (!http.send(RawHttp.chunk(" "))) {
                        break;
                    }
                    Thread.sleep(100);
                }
            }
            RawHttp.Answer answer = http.read();

            JsonPath body = problem(answer, 408);
            assertThat(body.getString("title")).isEqualTo("Request Timeout");
            assertThat(body.getString("detail"))
                    .isEqualTo("The request body did not arrive in time: it must arrive in full within 1 s "
                            + "(gpufit.limits.body-read-timeout), without a pause longer than 1 s "
                            + "(server.tomcat.connection-timeout). Send the whole body at once.");
            assertThat(http.closed()).isTrue();
        }
    }

    // ------------------------------------------------------------ what Tomcat refuses

    @Test
    void traceIsA405Problem() throws IOException {
        try (RawHttp http = connect()) {
            http.send(RawHttp.head("TRACE", "/gpus"));
            RawHttp.Answer answer = http.read();

            JsonPath body = problem(answer, 405);
            assertThat(body.getString("detail")).contains("TRACE never is");
            assertThat(answer.header("Allow")).doesNotContain("TRACE");
            assertThat(answer.body()).doesNotContain("Host: localhost");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/gpus/a%2Fb", "/gpus/a%5Cb", "/gpus/%zz", "/gpus/../../etc/passwd"})
    void aRefusedPathIsA400Problem(String path) throws IOException {
        try (RawHttp http = connect()) {
            http.send(RawHttp.head("GET", path));
            JsonPath body = problem(http.read(), 400);
            assertThat(body.getString("title")).isEqualTo("Bad Request");
            assertThat(body.getString("detail")).startsWith("The request is not valid HTTP, or its path is refused");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "header"})
    void anOverlongRequestLineOrHeaderIsA400Problem(String where) throws IOException {
        String big = "a".repeat(20_000);
        try (RawHttp http = connect()) {
            http.send(
                    where.equals("path")
                            ? RawHttp.head("GET", "/gpus/" + big)
                            : RawHttp.head("GET", "/gpus", "X-Big: " + big));
            JsonPath body = problem(http.read(), 400);
            assertThat(body.getString("detail"))
                    .isEqualTo("The request line and headers are larger than the 8,192 bytes the server accepts "
                            + "(server.max-http-request-header-size): send a shorter path, query or headers.");
            // the 20,000 characters are not echoed back
            assertThat(body.getString("instance")).isNotEqualTo("/gpus/" + big);
        }
    }

    // ------------------------------------------------------------ what a 400 echoes

    /** A rejected value longer than max-rejected-value-length (16 here) is cut, saying how long it was. */
    @Test
    void aLongRejectedValueIsCut() {
        Map<String, Object> request = seed();
        request.put("weightDtype", "fp" + "1".repeat(298));
        given().port(port)
                .contentType(ContentType.JSON)
                .body(request)
                .post("/estimate")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("weightDtype"))
                .body("errors[0].rejectedValue", equalTo("fp" + "1".repeat(14) + "... (300 characters in all)"));
    }

    /**
     * At most max-errors (5 here) are listed; the rest are counted, and once that many are found the
     * scenarios after the current one are not checked at all.
     */
    @Test
    void aPlanListsTheFirstErrorsAndSaysWhatWasNotChecked() throws IOException {
        Map<String, Object> bad = seed();
        bad.put("weightDtype", "fp12");
        bad.put("gpus", List.of("nope"));
        String plan = planOf(null, 10, JSON.writeValueAsString(bad));

        given().port(port)
                .contentType(ContentType.JSON)
                .body(plan)
                .post("/plan")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                // 2 errors a scenario: scenario 2 makes 6, at least 5, so scenarios 3 to 9 are not checked
                .body("errors", hasSize(5))
                .body("omittedErrors", equalTo(1))
                .body(
                        "errors.field",
                        contains(
                                "scenarios[0].request.weightDtype",
                                "scenarios[0].request.gpus[0]",
                                "scenarios[1].request.weightDtype",
                                "scenarios[1].request.gpus[0]",
                                "scenarios[2].request.weightDtype"))
                .body(
                        "detail",
                        endsWith(
                                "; and 1 more error (the first 5 of 6 are listed); scenarios 3 to 9 were not checked"));
    }

    // ------------------------------------------------------------ plan size

    /** 3 scenarios against the whole catalog (24 GPUs) make 72 candidate rows, over the 10 allowed here. */
    @Test
    void aPlanOverTheCandidateLimitIsA400NamingTheProduct() {
        given().port(port)
                .contentType(ContentType.JSON)
                .body(planOf(null, 3, seedJson()))
                .post("/plan")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gpu-fit:problem:invalid-request"))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("scenarios"))
                .body("errors[0].rejectedValue", equalTo(72))
                .body(
                        "errors[0].message",
                        equalTo("this plan asks for 72 candidate rows (3 scenarios, each weighed against the GPUs it "
                                + "names, else the top-level gpus, else the whole catalog of 24 GPUs), more than the 10 "
                                + "one answer may hold (gpufit.limits.max-plan-candidates): split it into smaller plans "
                                + "or name fewer gpus"));
    }

    /** Exactly at the limit: 2 scenarios naming 5 GPUs each. */
    @Test
    void aPlanAtTheCandidateLimitIsAnswered() {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("gpus", List.of("t4", "l4", "a40", "h100", "b200"));
        plan.put("scenarios", List.of(Map.of("request", seed()), Map.of("request", seed())));
        given().port(port)
                .contentType(ContentType.JSON)
                .body(plan)
                .post("/plan")
                .then()
                .statusCode(200)
                .body("results[0].estimate.candidates", hasSize(5))
                .body("results[1].estimate.candidates", hasSize(5));
    }

    private static String seedJson() {
        return JSON.writeValueAsString(seed());
    }

    /** A plan of {@code scenarios} copies of {@code request}, each named with 50 characters. */
    private static String planOf(List<String> gpus, int scenarios, String request) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < scenarios; i++) {
            all.add("{\"name\": \"" + "x".repeat(50) + "\", \"request\": " + request + "}");
        }
        return "{" + (gpus == null ? "" : "\"gpus\": " + JSON.writeValueAsString(gpus) + ", ") + "\"scenarios\": ["
                + String.join(", ", all) + "]}";
    }
}
