package cn.jixiao.submission.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Outgoing messages, written inside the transaction of the change they announce (by that
 * change's own statement) and delivered afterwards, at least once, by {@link OutboxDispatcher}.
 */
@ApplicationScoped
public class Outbox {

    public static final String FILING_SUBMITTED = "FilingSubmitted";

    @Inject
    EntityManager em;

    @Inject
    Event<Recorded> recorded;

    /** Fired for each message; observers after commit start its delivery. */
    public record Recorded(UUID messageId, String type) {
    }

    /**
     * Announces a message that a statement of the current transaction inserted into
     * {@code outbox_message} (the submission writes its message together with the filing's rows,
     * its payload built by the database): delivery starts after the commit. The payload must carry
     * the same {@code messageId} and {@code type}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announce(UUID messageId, String type) {
        recorded.fire(new Recorded(messageId, type));
    }

    /** Undelivered messages: those waiting (and the age of the oldest), and those parked. */
    public record Backlog(long pending, long oldestPendingSeconds, long parked) {
    }

    /** One query for readiness and metrics alike; runs in its own transaction. */
    public Backlog backlog() {
        Object[] row = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> (Object[]) em
                .createNativeQuery("SELECT count(*) FILTER (WHERE parked_at IS NULL), "
                        + "coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0), "
                        + "count(*) FILTER (WHERE parked_at IS NOT NULL) "
                        + "FROM outbox_message WHERE delivered_at IS NULL")
                .getSingleResult());
        return new Backlog(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
    }
}
