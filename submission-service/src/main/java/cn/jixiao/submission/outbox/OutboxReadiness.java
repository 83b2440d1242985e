package cn.jixiao.submission.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
    EntityManager em;

    @Override
    public HealthCheckResponse call() {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "SELECT count(*) FILTER (WHERE parked_at IS NULL), "
                                + "coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0), "
                                + "count(*) FILTER (WHERE parked_at IS NOT NULL) "
                                + "FROM outbox_message WHERE delivered_at IS NULL")
                .getSingleResult());
        return HealthCheckResponse.named("outbox")
                .up()
                .withData("pending", ((Number) row[0]).longValue())
                .withData("oldestPendingSeconds", ((Number) row[1]).longValue())
                .withData("parked", ((Number) row[2]).longValue())
                .build();
    }
}
