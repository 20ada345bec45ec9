package io.gpufit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.application.EstimateOutcome;
import io.gpufit.hub.HubExceptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What each event the application and the Hub fetch report does to the meters. */
class DomainMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DomainMetrics metrics = new DomainMetrics(registry);

    private double estimates(String engine, String outcome) {
        return registry.get(DomainMetrics.ESTIMATES)
                .tag("engine", engine)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void everyEngineAndOutcomeStartsAtZero() {
        for (String engine : new String[] {"textbook", "vllm"}) {
            for (EstimateOutcome outcome : EstimateOutcome.values()) {
                assertThat(estimates(engine, outcome.id()))
                        .as(engine + " " + outcome)
                        .isZero();
            }
        }
        assertThat(registry.get(DomainMetrics.HUB_CACHE_HITS).counter().count()).isZero();
        assertThat(registry.get(DomainMetrics.PLAN_SCENARIOS).summary().count()).isZero();
    }

    @Test
    void anEstimateCountsItsOutcomeAndTheGpuItRecommends() {
        metrics.estimated("vllm", EstimateOutcome.FITS, "h100-sxm5-80gb");
        metrics.estimated("vllm", EstimateOutcome.FITS, "h100-sxm5-80gb");
        metrics.estimated("textbook", EstimateOutcome.NO_FIT, null);
        metrics.estimated("textbook", EstimateOutcome.INVALID, null);

        assertThat(estimates("vllm", "fits")).isEqualTo(2);
        assertThat(estimates("textbook", "no_fit")).isEqualTo(1);
        assertThat(estimates("textbook", "invalid")).isEqualTo(1);
        assertThat(estimates("textbook", "fits")).isZero();
        assertThat(registry.get(DomainMetrics.RECOMMENDATIONS)
                        .tag("gpu", "h100-sxm5-80gb")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.find(DomainMetrics.RECOMMENDATIONS).counters()).hasSize(1);
    }

    @Test
    void aPlanRecordsItsScenarios() {
        metrics.planned(3);
        metrics.planned(1000);

        var summary = registry.get(DomainMetrics.PLAN_SCENARIOS).summary();
        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.totalAmount()).isEqualTo(1003);
        assertThat(summary.max()).isEqualTo(1000);
    }

    @Test
    void hubFetchesAreTimedByOutcomeAndCacheHitsCounted() {
        metrics.fetched(Duration.ofMillis(120), null);
        metrics.fetched(Duration.ofMillis(30), HubExceptions.badGateway("acme/x"));
        metrics.fetched(Duration.ofSeconds(7), HubExceptions.timeout("acme/x"));
        metrics.cacheHit();
        metrics.cacheHit();

        var ok = registry.get(DomainMetrics.HUB_FETCH).tag("outcome", "ok").timer();
        assertThat(ok.count()).isEqualTo(1);
        assertThat(ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(120);
        assertThat(registry.get(DomainMetrics.HUB_FETCH)
                        .tag("outcome", "error")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(DomainMetrics.HUB_FETCH)
                        .tag("outcome", "timeout")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(DomainMetrics.HUB_CACHE_HITS).counter().count()).isEqualTo(2);
    }
}
