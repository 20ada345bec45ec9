package io.gpufit.metrics;

import io.gpufit.application.EstimateOutcome;
import io.gpufit.application.EstimationListener;
import io.gpufit.hub.HubException;
import io.gpufit.hub.HubFetchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The service's own meters (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code gpufit.estimates} ({@code gpufit_estimates_total}), by {@code engine} (textbook, vllm) and
 *       {@code outcome} (fits, no_fit, invalid, too_large, hub_unavailable, error): every estimate
 *       computed, alone or as a plan's scenario (answers from the response cache are not computed);
 *   <li>{@code gpufit.recommendations} ({@code gpufit_recommendations_total}), by {@code gpu}: the GPU each
 *       fitting estimate recommended;
 *   <li>{@code gpufit.plan.scenarios} ({@code gpufit_plan_scenarios_count}, {@code _sum}, {@code _max}):
 *       scenarios per {@code POST /plan};
 *   <li>{@code gpufit.hub.fetch} ({@code gpufit_hub_fetch_seconds}, a histogram), by {@code outcome} (ok,
 *       error, timeout): each config.json asked of the Hugging Face Hub, that is each Hub cache miss;
 *   <li>{@code gpufit.hub.cache.hits} ({@code gpufit_hub_cache_hits_total}): configs served from the Hub
 *       cache.
 * </ul>
 *
 * Tag values come from fixed sets or from the GPU catalog, so the number of series stays bounded.
 */
@Component
class DomainMetrics implements EstimationListener, HubFetchListener {

    static final String ESTIMATES = "gpufit.estimates";
    static final String RECOMMENDATIONS = "gpufit.recommendations";
    static final String PLAN_SCENARIOS = "gpufit.plan.scenarios";
    static final String HUB_FETCH = "gpufit.hub.fetch";
    static final String HUB_CACHE_HITS = "gpufit.hub.cache.hits";

    private final MeterRegistry registry;
    private final DistributionSummary planScenarios;
    private final Counter hubCacheHits;

    DomainMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Series that exist from the start, at 0, so that rates and alerts need no "absent" case.
        for (String engine : List.of("textbook", "vllm")) {
            for (EstimateOutcome outcome : EstimateOutcome.values()) {
                estimates(engine, outcome);
            }
        }
        this.planScenarios = DistributionSummary.builder(PLAN_SCENARIOS)
                .description("Scenarios per POST /plan")
                .register(registry);
        this.hubCacheHits = Counter.builder(HUB_CACHE_HITS)
                .description("config.json files served from the Hugging Face Hub cache")
                .register(registry);
    }

    @Override
    public void estimated(String engine, EstimateOutcome outcome, String recommendedGpu) {
        estimates(engine, outcome).increment();
        if (recommendedGpu != null) {
            Counter.builder(RECOMMENDATIONS)
                    .description("GPUs recommended, one per estimate that fits")
                    .tag("gpu", recommendedGpu)
                    .register(registry)
                    .increment();
        }
    }

    @Override
    public void planned(int scenarios) {
        planScenarios.record(scenarios);
    }

    @Override
    public void cacheHit() {
        hubCacheHits.increment();
    }

    @Override
    public void fetched(Duration elapsed, HubException failure) {
        String outcome = failure == null ? "ok" : failure.status() == 504 ? "timeout" : "error";
        Timer.builder(HUB_FETCH)
                .description("config.json fetches from the Hugging Face Hub (Hub cache misses)")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(elapsed);
    }

    private Counter estimates(String engine, EstimateOutcome outcome) {
        return Counter.builder(ESTIMATES)
                .description("Estimates computed, alone or as a plan's scenario")
                .tag("engine", engine)
                .tag("outcome", outcome.id())
                .register(registry);
    }
}
