package io.gpufit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.JsonNode;

/** Against a MockWebServer on localhost standing in for the Hub. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HubConfigFetcherTest {

    private static final String MODEL = "meta-llama/Llama-3.1-8B";
    private static final String CONFIG_PATH = "/meta-llama/Llama-3.1-8B/resolve/main/config.json";
    private static final String CONFIG = """
            {"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32}
            """;

    private MockWebServer hub;

    @BeforeEach
    void startHub() throws IOException {
        hub = new MockWebServer();
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private URI hubUrl() {
        return hub.url("/").uri();
    }

    private HubProperties properties(String token) {
        return new HubProperties(
                true, hubUrl(), token, Duration.ofSeconds(2), Duration.ofSeconds(2), 256, Duration.ofHours(1));
    }

    private static HubConfigFetcher fetcher(HubProperties properties) {
        return new HubConfigFetcher(properties, HubConfigFetcher.newHttpClient(properties));
    }

    private HubConfigFetcher fetcher() {
        return fetcher(properties(""));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private static MockResponse status(int code) {
        return new MockResponse.Builder()
                .code(code)
                .body("{\"error\":\"nope\"}")
                .build();
    }

    private HubException fetchFails(HubConfigFetcher fetcher, String modelId) {
        HubException e = catchThrowableOfType(HubException.class, () -> fetcher.fetch(modelId));
        assertThat(e).as("HubException").isNotNull();
        assertThat(e.modelId()).isEqualTo(modelId);
        assertThat(e.getMessage()).contains("\"modelConfig\"");
        return e;
    }

    private HubException fetchFails(String modelId) {
        return fetchFails(fetcher(), modelId);
    }

    @Nested
    class Success {

        @Test
        void parsesTheConfigAndAsksForItAsJson() throws InterruptedException {
            hub.enqueue(json(200, CONFIG));

            JsonNode config = fetcher().fetch(MODEL);

            assertThat(config.isObject()).isTrue();
            assertThat(config.get("model_type").asString()).isEqualTo("llama");
            assertThat(config.get("hidden_size").asInt()).isEqualTo(4096);
            RecordedRequest request = hub.takeRequest(1, TimeUnit.SECONDS);
            assertThat(request.getMethod()).isEqualTo("GET");
            assertThat(request.getTarget()).isEqualTo(CONFIG_PATH);
            assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
        }

        @Test
        void everyFetchAsksTheHub() {
            // the fetcher caches nothing; the application keeps the models it reads (ModelSourceTest)
            hub.enqueue(json(200, CONFIG));
            hub.enqueue(json(200, CONFIG));
            HubConfigFetcher fetcher = fetcher();

            fetcher.fetch(MODEL);
            fetcher.fetch(MODEL);

            assertThat(hub.getRequestCount()).isEqualTo(2);
        }

        @Test
        void aBodyOfExactlyOneMebibyteIsAccepted() {
            hub.enqueue(json(200, jsonObjectOfSize(HubConfigFetcher.MAX_CONFIG_BYTES)));

            assertThat(fetcher().fetch(MODEL).get("pad").asString()).startsWith("xxx");
        }

        @Test
        void followsARedirectWithinTheHubKeepingTheToken() throws InterruptedException {
            hub.enqueue(new MockResponse.Builder()
                    .code(307)
                    .addHeader("Location", "/meta-llama/Llama-3.1-8B-renamed/resolve/main/config.json")
                    .build());
            hub.enqueue(json(200, CONFIG));

            JsonNode config = fetcher(properties("hf_secret")).fetch(MODEL);

            assertThat(config.get("model_type").asString()).isEqualTo("llama");
            hub.takeRequest(1, TimeUnit.SECONDS);
            RecordedRequest redirected = hub.takeRequest(1, TimeUnit.SECONDS);
            assertThat(redirected.getTarget()).isEqualTo("/meta-llama/Llama-3.1-8B-renamed/resolve/main/config.json");
            assertThat(redirected.getHeaders().get("Authorization")).isEqualTo("Bearer hf_secret");
        }

        @Test
        void aBaseUrlWithAPathAndTrailingSlashIsHonoured() throws InterruptedException {
            hub.enqueue(json(200, CONFIG));
            HubProperties properties =
                    new HubProperties(true, hub.url("/mirror/").uri(), "", null, null, 1, null);

            fetcher(properties).fetch(MODEL);

            assertThat(hub.takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/mirror" + CONFIG_PATH);
        }
    }

    @Nested
    class Token {

        @Test
        void isSentAsBearerWhenSet() throws InterruptedException {
            hub.enqueue(json(200, CONFIG));

            fetcher(properties("hf_secret")).fetch(MODEL);

            assertThat(hub.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"))
                    .isEqualTo("Bearer hf_secret");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        void noAuthorizationHeaderWithoutOne(String token) throws InterruptedException {
            hub.enqueue(json(200, CONFIG));

            fetcher(properties(token)).fetch(MODEL);

            assertThat(hub.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"))
                    .isNull();
        }

        @Test
        void neverAppearsInAMessage() {
            hub.enqueue(status(401));

            HubException e = fetchFails(fetcher(properties("hf_secret")), MODEL);

            assertThat(e.getMessage()).doesNotContain("hf_secret");
        }
    }

    @Nested
    class HubErrors {

        @ParameterizedTest
        @ValueSource(ints = {401, 403})
        void refusedPointsAtHfToken(int code) {
            hub.enqueue(status(code));

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("refused", MODEL, "gated or private", "HF_TOKEN", String.valueOf(code));
        }

        @Test
        void notFound() {
            hub.enqueue(status(404));

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("no config.json for " + MODEL + " on the Hub");
        }

        @Test
        void serverErrorCarriesTheStatus() {
            hub.enqueue(status(500));

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("HTTP 500", MODEL);
        }

        @Test
        void aRedirectToAnotherHostIsNotFollowed() {
            hub.enqueue(new MockResponse.Builder()
                    .code(302)
                    .addHeader("Location", "https://cdn.example.invalid/config.json")
                    .build());

            HubException e = fetchFails(fetcher(properties("hf_secret")), MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("another host");
            assertThat(hub.getRequestCount()).isEqualTo(1);
        }

        @Test
        void endlessRedirectsStop() {
            for (int i = 0; i <= HubConfigFetcher.MAX_REDIRECTS; i++) {
                hub.enqueue(new MockResponse.Builder()
                        .code(301)
                        .addHeader("Location", CONFIG_PATH)
                        .build());
            }

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("redirected");
            assertThat(hub.getRequestCount()).isEqualTo(HubConfigFetcher.MAX_REDIRECTS + 1);
        }
    }

    @Nested
    class Network {

        private HubProperties quick() {
            return new HubProperties(true, hubUrl(), "", Duration.ofMillis(300), Duration.ofMillis(300), 256, null);
        }

        @Test
        void aSlowBodyTimesOutAs504() {
            hub.enqueue(new MockResponse.Builder()
                    .code(200)
                    .bodyDelay(5, TimeUnit.SECONDS)
                    .body(CONFIG)
                    .build());

            long start = System.nanoTime();
            HubException e = fetchFails(fetcher(quick()), MODEL);

            assertThat(e.status()).isEqualTo(504);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }

        @Test
        void slowHeadersTimeOutAs504() {
            hub.enqueue(new MockResponse.Builder()
                    .code(200)
                    .headersDelay(5, TimeUnit.SECONDS)
                    .body(CONFIG)
                    .build());

            long start = System.nanoTime();
            HubException e = fetchFails(fetcher(quick()), MODEL);

            assertThat(e.status()).isEqualTo(504);
            assertThat(e.getMessage()).contains("did not");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }

        @Test
        void aRefusedConnectionIs502() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            HubProperties properties = new HubProperties(
                    true,
                    URI.create("http://127.0.0.1:" + closedPort),
                    "",
                    Duration.ofMillis(500),
                    Duration.ofMillis(500),
                    256,
                    null);

            HubException e = fetchFails(fetcher(properties), MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage())
                    .contains("Could not connect", "(connection refused)")
                    .doesNotContain("Exception");
        }

        @Test
        void aConnectTimeoutIs504() {
            HubProperties properties = quick();
            HttpClient failing = new FailingHttpClient(new java.net.http.HttpConnectTimeoutException("timed out"));

            HubException e = fetchFails(new HubConfigFetcher(properties, failing), MODEL);

            assertThat(e.status()).isEqualTo(504);
            assertThat(e.getMessage()).contains("Connecting to the Hub", "timed out");
        }
    }

    @Nested
    class MalformedBodies {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{not json",
                    "<html>Hub is down</html>",
                    "",
                    "{\"a\": 1} {\"b\": 2}",
                    "{\"a\": 1, \"a\": 2}",
                    "{\"a\": NaN}"
                })
        void notJsonIs502(String body) {
            hub.enqueue(json(200, body));

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("malformed config.json");
            // the parser's own wording names its switches ("enable `JsonReadFeature...`"): not for clients
            assertThat(e.getMessage()).doesNotContain("`", "Feature", "Exception", "Source:");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[1, 2, 3]", "\"config\"", "42", "null"})
        void jsonThatIsNotAnObjectIs502(String body) {
            hub.enqueue(json(200, body));

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("malformed config.json", "not a JSON object");
        }

        @Test
        void nestingPastTheConfigLimitIs502WithoutNamingTheParser() {
            // 33 levels: the config object and 32 nested ones
            hub.enqueue(json(200, "{\"a\":".repeat(33) + "1" + "}".repeat(33)));

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage())
                    .contains("past this service's limits", "more than 32 levels deep")
                    .doesNotContain("StreamReadConstraints", "Jackson", "getMax");
        }

        @Test
        void aStringPastTheConfigLimitIs502() {
            hub.enqueue(json(200, "{\"a\": \"" + "x".repeat(65_537) + "\"}"));

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("more than 65,536 characters").doesNotContain("StreamReadConstraints");
        }

        @Test
        void thirtyTwoLevelsAndLongStringsWithinTheLimitParse() {
            hub.enqueue(json(200, "{\"a\":".repeat(31) + "{\"b\": \"" + "x".repeat(65_536) + "\"}" + "}".repeat(31)));

            JsonNode config = fetcher().fetch(MODEL);

            assertThat(config.at("/a".repeat(31) + "/b").asString()).hasSize(65_536);
        }

        @Test
        void anOversizedBodyIs502() {
            hub.enqueue(json(200, jsonObjectOfSize(HubConfigFetcher.MAX_CONFIG_BYTES + 1)));

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("larger than 1 MiB");
        }

        @Test
        void anOversizedChunkedBodyIsCutOffToo() {
            // No Content-Length: the cap applies while reading.
            hub.enqueue(new MockResponse.Builder()
                    .code(200)
                    .chunkedBody(jsonObjectOfSize(3 * HubConfigFetcher.MAX_CONFIG_BYTES), 64 * 1024)
                    .build());

            HubException e = fetchFails(MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("larger than 1 MiB");
        }
    }

    @Nested
    class ModelIds {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(
                strings = {
                    "../etc/passwd",
                    "org/name/extra",
                    "org name/x",
                    "https://evil/x",
                    "org/..",
                    "org/a..b",
                    "org",
                    "/name",
                    "org/",
                    "org//name",
                    "-org/name",
                    ".org/name",
                    "org/.name",
                    "org/_name",
                    "org/name?x=1",
                    "org/name#x",
                    "org/name ",
                    " org/name",
                    "org/name\n",
                    "org\\name",
                    "org/na%2Fme",
                    "org/näme",
                    "org/name:1"
                })
        void invalidIdsAreRejectedBeforeAnyRequest(String id) {
            assertThat(HubConfigFetcher.isValidModelId(id)).isFalse();
            assertThatThrownBy(() -> fetcher().fetch(id))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("org/name");
            assertThat(hub.getRequestCount()).isZero();
        }

        @Test
        void partsLongerThan96AreRejected() {
            String part = "a".repeat(96);
            assertThat(HubConfigFetcher.isValidModelId(part + "/" + part)).isTrue();
            assertThat(HubConfigFetcher.isValidModelId(part + "a/x")).isFalse();
            assertThat(HubConfigFetcher.isValidModelId("x/" + part + "a")).isFalse();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "meta-llama/Llama-3.1-8B",
                    "Qwen/Qwen2.5-7B-Instruct",
                    "a/b",
                    "0org/9_x",
                    "mistralai/Mixtral-8x7B-v0.1",
                    "TheBloke/Llama-2-7B-GGUF",
                    "org/name."
                })
        void realisticIdsAreValid(String id) {
            assertThat(HubConfigFetcher.isValidModelId(id)).isTrue();
        }
    }

    @Nested
    class Disabled {

        @Test
        void fetchIs502SayingHowToEnableAndContactsNothing() {
            HubProperties properties = new HubProperties(false, hubUrl(), "hf_secret", null, null, 256, null);
            HubConfigFetcher fetcher = fetcher(properties);

            assertThat(fetcher.enabled()).isFalse();
            HubException e = fetchFails(fetcher, MODEL);

            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).contains("disabled", "gpufit.hub.enabled", "GPUFIT_HUB_ENABLED");
            assertThat(hub.getRequestCount()).isZero();
        }

        @Test
        void invalidIdsAreStillRejectedAs400s() {
            HubConfigFetcher fetcher = fetcher(HubProperties.defaults());

            assertThatThrownBy(() -> fetcher.fetch("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void theConfigurationAlwaysProvidesAFetcher() {
            HubConfigFetcher fetcher = new HubConfiguration()
                    .hubConfigFetcher(
                            HubProperties.defaults(),
                            new StaticListableBeanFactory().getBeanProvider(HubFetchListener.class));

            assertThat(fetcher.enabled()).isFalse();
            assertThat(fetchFails(fetcher, MODEL).status()).isEqualTo(502);
        }
    }

    /** What a listener (the metrics) is told: each fetch's outcome. */
    @Nested
    class Listener {

        private final List<String> told = new ArrayList<>();

        private final HubFetchListener recording = new HubFetchListener() {
            @Override
            public void cacheHit() {
                told.add("hit");
            }

            @Override
            public void fetched(Duration elapsed, HubException failure) {
                assertThat(elapsed).isPositive();
                told.add(failure == null ? "fetched" : "failed " + failure.status());
            }
        };

        private HubConfigFetcher listened() {
            HubProperties properties = properties("");
            return new HubConfigFetcher(properties, HubConfigFetcher.newHttpClient(properties), recording);
        }

        @Test
        void isToldOfEachFetch() {
            hub.enqueue(json(200, CONFIG));
            hub.enqueue(json(200, CONFIG));
            HubConfigFetcher fetcher = listened();

            fetcher.fetch(MODEL);
            fetcher.fetch(MODEL);

            // the fetcher caches nothing (HubModels keeps the parsed models and reports its own hits)
            assertThat(told).containsExactly("fetched", "fetched");
        }

        @Test
        void isToldOfAFailedFetchWithItsStatus() {
            hub.enqueue(status(404));
            HubConfigFetcher fetcher = listened();

            fetchFails(fetcher, MODEL);

            assertThat(told).containsExactly("failed 502");
        }

        @Test
        void isToldNothingOfIdsRefusedBeforeAnyFetch() {
            HubConfigFetcher fetcher = listened();

            assertThatThrownBy(() -> fetcher.fetch("not a model id")).isInstanceOf(IllegalArgumentException.class);

            assertThat(told).isEmpty();
        }
    }

    /** A JSON object of exactly {@code size} bytes: a short string, then spaces (strings are limited to 64 Ki characters). */
    private static String jsonObjectOfSize(int size) {
        String object = "{\"pad\":\"xxxx\"";
        return object + " ".repeat(size - object.length() - 1) + "}";
    }
}
