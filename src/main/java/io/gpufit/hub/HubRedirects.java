package io.gpufit.hub;

import java.net.URI;
import java.util.Locale;

/**
 * Which Hub redirects are followed: only those that stay on the Hub's own scheme, host and port,
 * so a redirect cannot turn the fetch into a request to another server (SSRF).
 */
final class HubRedirects {

    private HubRedirects() {}

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Resolves a redirect, refusing any that leaves the Hub's scheme, host and port. */
    static URI sameOriginTarget(String modelId, URI current, String location) {
        URI target;
        try {
            target = current.resolve(location);
        } catch (IllegalArgumentException e) {
            throw HubException.badGateway(
                    modelId, "The Hub redirected " + modelId + "'s config.json to an invalid " + "location.", e);
        }
        if (!origin(target).equals(origin(current)) || target.getRawUserInfo() != null) {
            throw HubException.badGateway(
                    modelId,
                    "The Hub redirected " + modelId + "'s config.json to another "
                            + "host, which this server does not follow.");
        }
        return target;
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }
}
