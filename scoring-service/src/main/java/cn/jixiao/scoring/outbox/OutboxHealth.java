package cn.jixiao.scoring.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness reports the outbox backlog (the database check comes with the datasource), and the
 * same numbers are gauges: messages waiting and how long the oldest has waited.
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry metrics;

    void gauges(@Observes StartupEvent event) {
        Gauge.builder("jixiao.outbox.backlog", this, h -> h.backlog())
                .description("EvaluationCompleted messages not yet delivered to reporting-service").register(metrics);
        Gauge.builder("jixiao.outbox.lag.seconds", this, h -> h.lag())
                .description("Seconds the oldest undelivered message has waited").register(metrics);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("outbox").up()
                    .withData("backlog", (long) backlog())
                    .withData("oldestWaitingSeconds", (long) lag())
                    .withData("parked", QuarkusTransaction.requiringNew().call(outbox::parked))
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("outbox").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }

    double backlog() {
        return QuarkusTransaction.requiringNew().call(outbox::backlog);
    }

    double lag() {
        return QuarkusTransaction.requiringNew().call(outbox::lagSeconds);
    }
}
