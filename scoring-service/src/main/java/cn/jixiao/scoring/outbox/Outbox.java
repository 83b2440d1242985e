package cn.jixiao.scoring.outbox;

import cn.jixiao.scoring.observability.RequestIds;
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

    public static final String EVALUATION_COMPLETED = "EvaluationCompleted";

    @Inject
    ObjectMapper mapper;

    @Inject
    Event<Recorded> recorded;

    /** Fired for each message; an observer after the commit starts its delivery. */
    public record Recorded(UUID messageId, String type) {
    }

    /** Adds {@code messageId} and {@code type} to the payload and stores it for delivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(String type, String aggregateId, ObjectNode payload, OffsetDateTime now) {
        UUID id = UUID.randomUUID();
        payload.put("messageId", id.toString());
        payload.put("type", type);
        String requestId = RequestIds.current();
        if (requestId != null) {
            payload.put("requestId", requestId);
        }
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

    /** Messages not yet delivered. */
    public long backlog() {
        return OutboxMessage.count("deliveredAt is null and parkedAt is null");
    }

    /** Messages the receiver refused for good, waiting for an admin to re-queue them. */
    public long parked() {
        return OutboxMessage.count("deliveredAt is null and parkedAt is not null");
    }

    /** Seconds the oldest undelivered message has waited; 0 when none waits. */
    public long lagSeconds() {
        OffsetDateTime oldest = OutboxMessage.getEntityManager()
                .createQuery("select min(m.createdAt) from OutboxMessage m where m.deliveredAt is null and m.parkedAt is null", OffsetDateTime.class)
                .getSingleResult();
        return oldest == null ? 0 : Math.max(0, java.time.Duration.between(oldest, OffsetDateTime.now()).toSeconds());
    }
}
