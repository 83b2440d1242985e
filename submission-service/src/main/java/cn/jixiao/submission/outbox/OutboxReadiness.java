package cn.jixiao.submission.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox backlog with readiness. A backlog does not make the service unready (it
 * still takes filings; delivery catches up), but operators see it next to the database check.
 */
@Readiness
@ApplicationScoped
public class OutboxReadiness implements HealthCheck {

    @Inject
    Outbox outbox;

    @Override
    public HealthCheckResponse call() {
        Outbox.Backlog backlog = outbox.backlog();
        return HealthCheckResponse.named("outbox")
                .up()
                .withData("pending", backlog.pending())
                .withData("oldestPendingSeconds", backlog.oldestPendingSeconds())
                .withData("parked", backlog.parked())
                .build();
    }
}
