package cn.jixiao.submission.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Records outgoing messages inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    public static final String FILING_SUBMITTED = "FilingSubmitted";

    @Inject
    ObjectMapper mapper;

    @Inject
    Event<Recorded> recorded;

    /** Fired for each message; observers after commit start its delivery. */
    public record Recorded(UUID messageId, String type) {
    }

    /** Adds {@code messageId} and {@code type} to the payload and stores it for delivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(String type, String aggregateId, ObjectNode payload, OffsetDateTime now) {
        UUID id = UUID.randomUUID();
        payload.put("messageId", id.toString());
        payload.put("type", type);
        OutboxMessage m = new OutboxMessage();
        m.id = id;
        m.type = type;
        m.aggregateId = aggregateId;
        try {
            m.payload = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        m.createdAt = now;
        m.nextAttemptAt = now;
        m.persist();
        recorded.fire(new Recorded(id, type));
        return id;
    }

    /**
     * Announces a message that a statement of the current transaction inserted itself (the
     * filing's submission builds its payload in the database): delivery starts after the commit,
     * as for {@link #record}. The payload must carry the same {@code messageId} and {@code type}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordedBySql(UUID messageId, String type) {
        recorded.fire(new Recorded(messageId, type));
    }

    /** Undelivered messages: those waiting (and the age of the oldest), and those parked. */
    public record Backlog(long pending, long oldestPendingSeconds, long parked) {
    }

    /** One query for readiness and metrics alike; runs in its own transaction. */
    public Backlog backlog() {
        Object[] row = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> (Object[]) OutboxMessage.getEntityManager()
                .createNativeQuery("SELECT count(*) FILTER (WHERE parked_at IS NULL), "
                        + "coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0), "
                        + "count(*) FILTER (WHERE parked_at IS NOT NULL) "
                        + "FROM outbox_message WHERE delivered_at IS NULL")
                .getSingleResult());
        return new Backlog(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
    }
}
