package io.gpufit.hub;

import io.gpufit.hub.HubResponseBodies.Body;
import io.gpufit.model.ConfigLimits;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches a model's {@code config.json} from the Hugging Face Hub:
 * {@code GET {baseUrl}/{org}/{name}/resolve/main/config.json} (the {@link #REVISION}), with
 * {@code Authorization: Bearer <token>} only when a token is configured.
 *
 * <p>Model ids are validated ({@link #isValidModelId(String)}) before anything else, so a request
 * only ever goes to the configured Hub, to a path built from two plain name segments. Redirects are
 * followed (at most 3) only within the Hub's own origin, which is how the Hub
 * answers for a renamed model; a redirect elsewhere is refused, so the token never leaves the Hub.
 * The body is read up to 1 MiB and parsed within {@link ConfigLimits}' nesting and string limits;
 * the whole exchange is bounded by connect plus read timeout.
 *
 * <p>Nothing is cached here: the caller keeps what it makes of a config (the application caches
 * the model it reads from it, so a repeated request neither fetches nor parses it again).
 *
 * <p>Thread-safe. Built on the JDK {@link HttpClient} rather than Spring's {@code RestClient}: it
 * tells a connect timeout ({@link HttpConnectTimeoutException}) and a response timeout
 * ({@link HttpTimeoutException}) from a refused connection without unwrapping
 * {@code ResourceAccessException}s, lets a body subscriber stop reading after 1 MiB + 1 byte, and
 * lets one deadline cover the body too (Spring's JDK request factory only closes the stream when
 * its read timeout passes during the body, which surfaces as an anonymous I/O error).
 */
public final class HubConfigFetcher {

    private static final Logger log = LoggerFactory.getLogger(HubConfigFetcher.class);

    /** The largest {@code config.json} accepted: 1 MiB (real ones are a few KiB). */
    static final int MAX_CONFIG_BYTES = 1024 * 1024;

    /** Same-origin redirects followed before giving up. */
    static final int MAX_REDIRECTS = 3;

    /** One part of {@code org/name}: 1..96 of {@code [A-Za-z0-9._-]}, starting with a letter or digit. */
    private static final String PART = "[A-Za-z0-9][A-Za-z0-9._-]{0,95}";

    private static final Pattern MODEL_ID = Pattern.compile(PART + "/" + PART);

    /** The branch whose {@code config.json} is fetched. */
    public static final String REVISION = "main";

    /** The longest number accepted, in characters (Jackson's default; real configs' are short). */
    static final int MAX_NUMBER_LENGTH = 1000;

    /**
     * Strict JSON: one document, no duplicate keys, no NaN/Infinity, no comments; nesting and
     * string lengths within {@link ConfigLimits}, refused while parsing.
     */
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(ConfigLimits.MAX_DEPTH)
                            .maxStringLength(ConfigLimits.MAX_STRING_LENGTH)
                            .maxNameLength(ConfigLimits.MAX_STRING_LENGTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final String USER_AGENT = "gpu-fit (config.json fetch)";

    private final HubProperties properties;
    private final HttpClient http;
    private final HubFetchListener listener;

    /**
     * Creates a fetcher. Nothing is contacted until {@link #fetch(String)}.
     *
     * @param properties the settings; when {@code enabled} is false every fetch fails with a 502
     * @param http       the client to send requests with; it should not follow redirects itself
     *                   (this class follows same-origin ones) — see {@code newHttpClient}, which
     *                   {@link HubConfiguration} uses
     */
    public HubConfigFetcher(HubProperties properties, HttpClient http) {
        this(properties, http, HubFetchListener.NONE);
    }

    /**
     * Creates a fetcher that reports every fetch from the Hub (its latency and failure) to a listener.
     *
     * @param listener told of every fetch from the Hub, e.g. the metrics; {@code HubModels} tells it of
     *                 the cache hits that need no fetch
     */
    public HubConfigFetcher(HubProperties properties, HttpClient http, HubFetchListener listener) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.http = Objects.requireNonNull(http, "http");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The client the fetcher is meant for: the configured connect timeout, HTTP/1.1, no automatic
     * redirects, the JVM's default proxy selector ({@code https.proxyHost} etc.).
     */
    static HttpClient newHttpClient(HubProperties properties) {
        return HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Whether fetching is switched on ({@code gpufit.hub.enabled}, {@code GPUFIT_HUB_ENABLED}).
     *
     * @return the {@code enabled} setting
     */
    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * Whether {@code id} is a Hub model id this service will fetch: {@code org/name}, each part 1 to
     * 96 characters of {@code [A-Za-z0-9._-]} starting with a letter or digit, and no {@code ..}
     * anywhere. Anything else (more slashes, a URL, a query, spaces, an empty string) is not.
     *
     * @param id a candidate model id, may be null
     * @return true when {@link #fetch(String)} will accept it
     */
    public static boolean isValidModelId(String id) {
        return id != null && MODEL_ID.matcher(id).matches() && !id.contains("..");
    }

    /**
     * Fetches the model's {@code config.json} from the Hub.
     *
     * @param modelId {@code org/name}, as checked by {@link #isValidModelId(String)}
     * @return the parsed JSON object, the caller's own; never null
     * @throws IllegalArgumentException when {@code modelId} is not valid (nothing is contacted)
     * @throws HubException             on any failure, including when the fetch is disabled:
     *                                  {@link HubException#status()} is 502 or 504
     */
    public JsonNode fetch(String modelId) {
        if (!isValidModelId(modelId)) {
            throw new IllegalArgumentException("a Hugging Face model id is org/name: two parts of 1 to 96 "
                    + "letters, digits, '.', '_' or '-', each starting with a letter or digit, without '..'");
        }
        if (!properties.enabled()) {
            throw HubException.badGateway(
                    modelId,
                    "Fetching config.json from the Hugging Face Hub is disabled on "
                            + "this server (an operator can enable it with gpufit.hub.enabled=true, or the environment "
                            + "variable GPUFIT_HUB_ENABLED=true).");
        }
        long start = System.nanoTime();
        JsonNode config;
        try {
            config = download(modelId);
        } catch (HubException e) {
            listener.fetched(Duration.ofNanos(System.nanoTime() - start), e);
            throw e;
        }
        listener.fetched(Duration.ofNanos(System.nanoTime() - start), null);
        return config;
    }

    /** Who is told of fetches (and, by {@code HubModels}, of cache hits). */
    public HubFetchListener listener() {
        return listener;
    }

    private JsonNode download(String modelId) {
        URI uri = configUri(modelId);
        for (int redirects = 0; ; redirects++) {
            HttpResponse<Body> response = exchange(modelId, uri);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                log.debug("fetched config.json for {} from {}", modelId, uri);
                return parse(modelId, response.body());
            }
            if (HubRedirects.isRedirect(status)) {
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty()) {
                    throw HubException.badGateway(
                            modelId,
                            "The Hub answered HTTP " + status + " without a Location " + "for " + modelId
                                    + "'s config.json.");
                }
                if (redirects == MAX_REDIRECTS) {
                    throw HubException.badGateway(
                            modelId,
                            "The Hub redirected " + modelId + "'s config.json more " + "than " + MAX_REDIRECTS
                                    + " times.");
                }
                uri = HubRedirects.sameOriginTarget(modelId, uri, location.get());
                continue;
            }
            throw HubException.badGateway(
                    modelId,
                    switch (status) {
                        case 401, 403 ->
                            "The Hub refused access to " + modelId + "'s config.json (HTTP " + status + "): "
                                    + "a gated or private model needs a token with access to it: set HF_TOKEN on the server "
                                    + "(the Hub answers the same for a model that does not exist).";
                        case 404 ->
                            "There is no config.json for " + modelId + " on the Hub (HTTP 404): check the model id.";
                        default -> "The Hub answered HTTP " + status + " for " + modelId + "'s config.json.";
                    });
        }
    }

    private URI configUri(String modelId) {
        // The id is validated: only [A-Za-z0-9._-] and one slash, nothing to encode.
        String base = properties.baseUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/" + modelId + "/resolve/" + REVISION + "/config.json");
    }

    private HttpResponse<Body> exchange(String modelId, URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(properties.readTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (properties.hasToken()) {
            request.header("Authorization", "Bearer " + properties.token());
        }
        Duration deadline = properties.connectTimeout().plus(properties.readTimeout());
        CompletableFuture<HttpResponse<Body>> future = http.sendAsync(request.build(), HubResponseBodies::forResponse);
        try {
            return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw HubException.timeout(
                    modelId, "The Hub did not send " + modelId + "'s config.json within " + millis(deadline) + ".", e);
        } catch (ExecutionException e) {
            throw failure(modelId, uri, e.getCause());
        } catch (CancellationException e) {
            throw HubException.badGateway(modelId, "The fetch of " + modelId + "'s config.json was cancelled.", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw HubException.badGateway(modelId, "The fetch of " + modelId + "'s config.json was interrupted.", e);
        }
    }

    /** Maps a failed exchange: a timeout is a 504, anything else (refused, reset, TLS...) a 502. */
    private HubException failure(String modelId, URI uri, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return HubException.timeout(
                        modelId,
                        "Connecting to the Hub at " + uri.getHost() + " to fetch " + modelId
                                + "'s config.json timed out after " + millis(properties.connectTimeout()) + ".",
                        cause);
            }
            if (t instanceof HttpTimeoutException) {
                return HubException.timeout(
                        modelId,
                        "The Hub did not answer for " + modelId + "'s config.json " + "within "
                                + millis(properties.readTimeout()) + ".",
                        cause);
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnresolvedAddressException
                    || t instanceof UnknownHostException) {
                return HubException.badGateway(
                        modelId,
                        "Could not connect to the Hub at " + uri.getHost() + " to " + "fetch " + modelId
                                + "'s config.json ("
                                + (t instanceof ConnectException ? "connection refused" : "host not found") + ").",
                        cause);
            }
        }
        return HubException.badGateway(
                modelId,
                "Fetching " + modelId + "'s config.json from the Hub at " + uri.getHost() + " failed ("
                        + plainReason(cause) + ").",
                cause);
    }

    /** What went wrong on the wire, in words rather than an exception's class name. */
    private static String plainReason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return "the TLS handshake or connection failed";
            }
            if (t instanceof java.io.EOFException) {
                return "the connection was closed early";
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("reset") || message.contains("closed")) {
                return "the connection was closed or reset";
            }
        }
        return cause == null ? "an unknown error" : "a network error";
    }

    private static JsonNode parse(String modelId, Body body) {
        if (body.tooLarge()) {
            throw HubException.badGateway(
                    modelId,
                    "The config.json of " + modelId + " on the Hub is larger than "
                            + "1 MiB, which no real config.json is.");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body.bytes());
        } catch (StreamConstraintsException e) {
            throw HubException.badGateway(
                    modelId,
                    "The Hub sent a config.json for " + modelId + " past this service's limits for one: "
                            + "it nests more than " + ConfigLimits.MAX_DEPTH + " levels deep, or has a string or "
                            + "field name of more than "
                            + String.format(Locale.ROOT, "%,d", ConfigLimits.MAX_STRING_LENGTH)
                            + " characters, or a number of more than "
                            + String.format(Locale.ROOT, "%,d", MAX_NUMBER_LENGTH)
                            + " digits.",
                    e);
        } catch (JacksonException e) {
            throw HubException.badGateway(
                    modelId,
                    "The Hub sent a malformed config.json for " + modelId + ": it is not valid JSON"
                            + (e.getLocation() == null
                                    ? ""
                                    : " (at line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")")
                            + ".",
                    e);
        }
        if (tree == null || !tree.isObject()) {
            throw HubException.badGateway(
                    modelId, "The Hub sent a malformed config.json for " + modelId + ": it is not a JSON object.");
        }
        return tree;
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
