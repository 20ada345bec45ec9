package io.gpufit.hub;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the optional Hugging Face Hub fetch ({@code gpufit.hub.*}; as environment variables
 * {@code GPUFIT_HUB_ENABLED}, {@code GPUFIT_HUB_BASE_URL}, ...).
 *
 * <p>The token is meant to come from the conventional {@code HF_TOKEN} environment variable:
 * {@code application.yaml} binds it with {@code gpufit.hub.token: ${HF_TOKEN:}}. It is never
 * logged and {@link #toString()} masks it.
 *
 * @param enabled        whether {@link HubConfigFetcher#fetch(String)} may contact the Hub at all;
 *                       default {@code false}
 * @param baseUrl        the Hub (or a mirror), an absolute {@code http}/{@code https} URL without
 *                       query; default {@code https://huggingface.co}
 * @param token          a Hugging Face access token sent as {@code Authorization: Bearer ...} when
 *                       not blank, needed for gated and private models; default {@code ""}
 * @param connectTimeout the longest wait for a connection; default 2 s
 * @param readTimeout    the longest wait for the Hub's answer once the request is sent; the whole
 *                       exchange (connect, headers, body) is bounded by
 *                       {@code connectTimeout + readTimeout}; default 5 s
 * @param cacheSize      how many models read from fetched configs are kept in memory (by the
 *                       application's {@code ModelSource}); {@code 0} disables the cache; default 256
 * @param cacheTtl       how long a model read from a fetched config is served from memory; default 1 h
 */
@ConfigurationProperties("gpufit.hub")
public record HubProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue(HubProperties.DEFAULT_BASE_URL) URI baseUrl,
        String token,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("256") int cacheSize,
        @DefaultValue("1h") Duration cacheTtl) {

    static final String DEFAULT_BASE_URL = "https://huggingface.co";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(1);

    /**
     * Fills in the defaults for missing values (when constructed in code rather than bound) and
     * rejects settings that cannot work, so a misconfiguration stops the service at startup.
     */
    public HubProperties {
        baseUrl = baseUrl == null ? URI.create(DEFAULT_BASE_URL) : baseUrl;
        token = token == null ? "" : token.strip();
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        cacheTtl = cacheTtl == null ? DEFAULT_CACHE_TTL : cacheTtl;

        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUrl.isAbsolute()
                || baseUrl.isOpaque()
                || baseUrl.getHost() == null
                || !(scheme.equals("http") || scheme.equals("https"))
                || baseUrl.getRawQuery() != null
                || baseUrl.getRawFragment() != null
                || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("gpufit.hub.base-url must be an absolute http(s) URL "
                    + "without user info, query or fragment, such as " + DEFAULT_BASE_URL + "; got " + baseUrl);
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Not echoed: it is a secret.
            throw new IllegalArgumentException("gpufit.hub.token (HF_TOKEN) contains characters that cannot be "
                    + "sent in an HTTP header; a Hugging Face token is printable ASCII without spaces");
        }
        requirePositive("gpufit.hub.connect-timeout", connectTimeout);
        requirePositive("gpufit.hub.read-timeout", readTimeout);
        requirePositive("gpufit.hub.cache-ttl", cacheTtl);
        if (cacheSize < 0) {
            throw new IllegalArgumentException("gpufit.hub.cache-size must be 0 (no cache) or more; got " + cacheSize);
        }
    }

    /** The defaults: disabled, {@code https://huggingface.co}, no token, 2 s / 5 s, 256 entries for 1 h. */
    static HubProperties defaults() {
        return new HubProperties(false, null, null, null, null, 256, null);
    }

    /** Whether a token is configured (without revealing it). */
    boolean hasToken() {
        return !token.isEmpty();
    }

    /** Like the generated one, but the token is masked. */
    @Override
    public String toString() {
        return "HubProperties[enabled=" + enabled + ", baseUrl=" + baseUrl + ", token="
                + (hasToken() ? "******" : "") + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", cacheSize=" + cacheSize + ", cacheTtl=" + cacheTtl + "]";
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive; got " + value);
        }
    }
}
