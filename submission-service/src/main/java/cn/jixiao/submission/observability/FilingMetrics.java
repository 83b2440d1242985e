package cn.jixiao.submission.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import cn.jixiao.submission.outbox.Outbox;
import jakarta.persistence.EntityManager;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges for dashboards: filings by status, and the outbox backlog and its age. Refreshed on a
 * schedule, so a metrics scrape never queries the database itself.
 */
@ApplicationScoped
public class FilingMetrics {

    enum Status { DRAFT, SUBMITTED, RETURNED, ACCEPTED }

    private final Map<Status, AtomicLong> filings = new EnumMap<>(Status.class);
    private final AtomicLong outboxPending = new AtomicLong();
    private final AtomicLong outboxLagSeconds = new AtomicLong();
    private final AtomicLong outboxParked = new AtomicLong();

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry registry;

    void register(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        for (Status s : Status.values()) {
            AtomicLong value = new AtomicLong();
            filings.put(s, value);
            registry.gauge("jixiao.filings", Tags.of("status", s.name()), value);
        }
        registry.gauge("jixiao.outbox.pending", outboxPending);
        registry.gauge("jixiao.outbox.lag.seconds", outboxLagSeconds);
        registry.gauge("jixiao.outbox.parked.messages", outboxParked);
        refresh();
    }

    @Scheduled(every = "15s", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT status, count(*) FROM filing GROUP BY status").getResultList();
            filings.values().forEach(v -> v.set(0));
            for (Object[] row : rows) {
                filings.get(Status.valueOf((String) row[0])).set(((Number) row[1]).longValue());
            }
        });
        Outbox.Backlog backlog = outbox.backlog();
        outboxPending.set(backlog.pending());
        outboxLagSeconds.set(backlog.oldestPendingSeconds());
        outboxParked.set(backlog.parked());
    }
}
