/**
 * Optional fetch of a model's {@code config.json} from the Hugging Face Hub, off by default
 * ({@code gpufit.hub.enabled}, in Docker {@code GPUFIT_HUB_ENABLED}).
 *
 * <p>{@link io.gpufit.hub.HubConfigFetcher} validates an {@code org/name} model id before any
 * request, GETs {@code {baseUrl}/{org}/{name}/resolve/main/config.json} with an optional bearer
 * token ({@code HF_TOKEN}), caps the body at 1 MiB and parses it within the limits of
 * {@link io.gpufit.model.ConfigLimits}. It caches nothing: the application keeps the models it
 * reads from fetched configs (bounded and expiring, {@code gpufit.hub.cache-size} and
 * {@code cache-ttl}). Every failure is a {@link io.gpufit.hub.HubException} carrying the
 * HTTP status to answer with (502, or 504 on a timeout) and a message telling the caller to paste
 * the {@code config.json} as {@code modelConfig} instead. Settings: {@link io.gpufit.hub.HubProperties}.
 *
 * <p>Nothing here depends on the estimation core or the web layer; the application decides when to
 * call the fetcher, the web layer how to answer its exceptions.
 */
package io.gpufit.hub;
