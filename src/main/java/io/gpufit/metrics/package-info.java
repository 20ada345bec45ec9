/**
 * The service's own metrics, exported by Micrometer's Prometheus registry at
 * {@code /actuator/prometheus}: {@code gpufit_*} counters and timers fed by the application and
 * the Hub fetch through their listener interfaces ({@link io.gpufit.application.EstimationListener},
 * {@link io.gpufit.hub.HubFetchListener}), and a count of the answers that refused a request, by
 * status and problem type, taken from every response on its way out. Nothing else in the service
 * depends on Micrometer.
 */
package io.gpufit.metrics;
