package io.gpufit.hub;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reading a Hub response body with a cap, so that a huge or endless answer cannot fill the heap:
 * the body of a success is read up to the cap, any other body is skipped unread.
 */
final class HubResponseBodies {

    private HubResponseBodies() {}

    /** Reads a success body up to {@link HubConfigFetcher#MAX_CONFIG_BYTES} + 1 bytes; skips any other body at once. */
    static BodySubscriber<Body> forResponse(ResponseInfo info) {
        int status = info.statusCode();
        if (status < 200 || status >= 300) {
            return new CappedBody(-1);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > HubConfigFetcher.MAX_CONFIG_BYTES) {
            return new CappedBody(-1, Body.TOO_LARGE);
        }
        return new CappedBody(HubConfigFetcher.MAX_CONFIG_BYTES);
    }

    /**
     * A response body as read.
     *
     * @param bytes    the body, at most {@link HubConfigFetcher#MAX_CONFIG_BYTES}; empty when skipped or too large
     * @param tooLarge whether it had more than {@link HubConfigFetcher#MAX_CONFIG_BYTES} bytes
     */
    record Body(byte[] bytes, boolean tooLarge) {
        static final Body SKIPPED = new Body(new byte[0], false);
        static final Body TOO_LARGE = new Body(new byte[0], true);
    }

    /**
     * Collects at most {@code limit} bytes; on the byte after that it cancels the stream and
     * completes with {@link Body#TOO_LARGE}. A negative limit means: cancel at once and complete
     * with the given body, without reading.
     */
    static final class CappedBody implements BodySubscriber<Body> {

        private final int limit;
        private final Body skipped;
        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedBody(int limit) {
            this(limit, Body.SKIPPED);
        }

        CappedBody(int limit, Body skipped) {
            this.limit = limit;
            this.skipped = skipped;
        }

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (limit < 0) {
                subscription.cancel();
                result.complete(skipped);
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = limit + 1 - bytes.size();
                int n = Math.min(buffer.remaining(), room);
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                bytes.write(chunk, 0, n);
                if (bytes.size() > limit) {
                    subscription.cancel();
                    result.complete(Body.TOO_LARGE);
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(new Body(bytes.toByteArray(), false));
        }
    }
}
