package io.gpufit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.benmanes.caffeine.cache.Ticker;
import io.gpufit.hub.HubConfigFetcher;
import io.gpufit.hub.HubException;
import io.gpufit.hub.HubFetchListener;
import io.gpufit.hub.HubProperties;
import io.gpufit.model.InvalidModelConfigException;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelConfigReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A model fetched from the Hub (a MockWebServer on localhost) is read once and kept as read: a
 * repeated request neither fetches nor parses its config.json again. Parses are counted through the
 * reader HubModels is given.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HubModelsTest {

    /** Hidden 64, intermediate 128, 2 layers, 4 heads of 16, 2 KV heads, vocab 1,000, untied. */
    private static final String TINY_LLAMA = """
            {"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 1000,
             "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
            """;

    /**
     * Embeddings and untied head 2 x 1,000 x 64 = 128,000; per layer q and o 2 x 64 x 64 = 8,192,
     * k and v 2 x 32 x 64 = 4,096, MLP 3 x 64 x 128 = 24,576, 2 norms 128: 36,992 x 2 = 73,984;
     * final norm 64: 202,048.
     */
    private static final long TINY_LLAMA_PARAMETERS = 202_048L;

    private static final String ID = "acme/tiny-llama";

    private final MockWebServer hub = new MockWebServer();
    private final AtomicInteger parses = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();

    @BeforeEach
    void startHub() throws IOException {
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubProperties properties(int cacheSize) {
        return new HubProperties(true, hub.url("/").uri(), "", null, null, cacheSize, Duration.ofHours(1));
    }

    private HubModels source(int cacheSize) {
        HubProperties properties = properties(cacheSize);
        HubConfigFetcher fetcher = new HubConfigFetcher(properties, HttpClient.newHttpClient());
        Ticker ticker = nanos::get;
        return new HubModels(fetcher, properties, ticker, (config, path) -> {
            parses.incrementAndGet();
            return ModelConfigReader.read(config, path);
        });
    }

    private void hubAnswers(int code, String body) {
        hub.enqueue(new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build());
    }

    @Test
    void aRepeatedRequestNeitherFetchesNorParsesAgain() {
        hubAnswers(200, TINY_LLAMA);
        HubModels source = source(256);

        ModelArchitecture first = source.read(ID);
        ModelArchitecture second = source.read(ID);
        ModelArchitecture otherCase = source.read("ACME/Tiny-Llama");

        assertThat(first.parameters()).isEqualTo(TINY_LLAMA_PARAMETERS);
        assertThat(second).isSameAs(first);
        assertThat(otherCase.parameters()).isEqualTo(TINY_LLAMA_PARAMETERS);
        // named as asked for
        assertThat(otherCase.modelId()).isEqualTo("ACME/Tiny-Llama");
        assertThat(hub.getRequestCount()).isEqualTo(1);
        assertThat(parses).hasValue(1);
    }

    @Test
    void tellsTheHubsListenerOfEachCacheHitAndEachFetch() {
        hubAnswers(200, TINY_LLAMA);
        List<String> told = new ArrayList<>();
        HubFetchListener recording = new HubFetchListener() {
            @Override
            public void cacheHit() {
                told.add("hit");
            }

            @Override
            public void fetched(Duration elapsed, HubException failure) {
                told.add(failure == null ? "fetched" : "failed");
            }
        };
        HubProperties properties = properties(256);
        HubModels source =
                new HubModels(new HubConfigFetcher(properties, HttpClient.newHttpClient(), recording), properties);

        source.read(ID);
        source.read(ID);
        source.read(ID);

        assertThat(told).containsExactly("fetched", "hit", "hit");
    }

    @Test
    void aCachedModelExpiresAfterTheTtl() {
        hubAnswers(200, TINY_LLAMA);
        hubAnswers(200, TINY_LLAMA.replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1"));
        HubModels source = source(10);

        source.read(ID);
        nanos.addAndGet(Duration.ofMinutes(59).toNanos());
        assertThat(source.read(ID).parameters()).isEqualTo(TINY_LLAMA_PARAMETERS);
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        // one layer fewer: 202,048 - 36,992
        assertThat(source.read(ID).parameters()).isEqualTo(165_056L);
        assertThat(hub.getRequestCount()).isEqualTo(2);
        assertThat(parses).hasValue(2);
    }

    @Test
    void cacheSizeZeroFetchesAndParsesEveryTime() {
        hubAnswers(200, TINY_LLAMA);
        hubAnswers(200, TINY_LLAMA);
        HubModels source = source(0);

        source.read(ID);
        source.read(ID);

        assertThat(hub.getRequestCount()).isEqualTo(2);
        assertThat(parses).hasValue(2);
    }

    @Test
    void aHubFailureIsNotCached() {
        hubAnswers(503, "{}");
        hubAnswers(200, TINY_LLAMA);
        HubModels source = source(256);

        assertThat(catchThrowableOfType(HubException.class, () -> source.read(ID))
                        .status())
                .isEqualTo(502);
        assertThat(source.read(ID).parameters()).isEqualTo(TINY_LLAMA_PARAMETERS);
        assertThat(hub.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aConfigThatCannotBeCountedIsNotCached() {
        String headless = TINY_LLAMA.replace("\"hidden_size\": 64, ", "");
        hubAnswers(200, headless);
        hubAnswers(200, TINY_LLAMA);
        HubModels source = source(256);

        InvalidModelConfigException e = catchThrowableOfType(InvalidModelConfigException.class, () -> source.read(ID));
        assertThat(e.field()).isEqualTo("model");
        assertThat(e.getMessage()).contains("hidden_size");
        assertThat(source.read(ID).parameters()).isEqualTo(TINY_LLAMA_PARAMETERS);
        assertThat(hub.getRequestCount()).isEqualTo(2);
        assertThat(parses).hasValue(2);
    }

    @Test
    void catalogModelsNeverReachTheHub() {
        HubProperties properties = properties(256);
        ModelSource models = new ModelSource(
                Fixtures.modelCatalog(), new HubConfigFetcher(properties, HttpClient.newHttpClient()), properties);

        assertThat(models.byId(Fixtures.LLAMA_1B).modelId()).isEqualTo(Fixtures.LLAMA_1B);
        assertThat(hub.getRequestCount()).isZero();
    }
}
