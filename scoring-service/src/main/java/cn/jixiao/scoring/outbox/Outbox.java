package cn.jixiao.scoring.outbox;

import cn.jixiao.scoring.observability.RequestIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /**
     * Stores a message for delivery: the payload object is serialized once, straight to text,
     * and {@code messageId}, {@code type} and {@code requestId} are added after its fields. Building a tree first and writing the tree cost a fifth of
     * scoring's CPU when a deadline's filings arrive.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(String type, String aggregateId, Object payload, OffsetDateTime now) {
        UUID id = UUID.randomUUID();
        String fields;
        StringBuilder tail = new StringBuilder(64).append("\"messageId\":\"").append(id).append("\",\"type\":");
        try {
            fields = mapper.writeValueAsString(payload);
            tail.append(mapper.writeValueAsString(type));
            String requestId = RequestIds.current();
            if (requestId != null) {
                tail.append(",\"requestId\":").append(mapper.writeValueAsString(requestId));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!fields.startsWith("{") || !fields.endsWith("}")) {
            throw new IllegalArgumentException("an outbox payload must be a JSON object");
        }
        // after the payload's fields: should the payload ever have one of these names, jsonb keeps
        // the last of duplicate keys, so the envelope's value is the one stored and matched
        String text = new StringBuilder(fields.length() + tail.length() + 2).append(fields, 0, fields.length() - 1)
                .append(fields.equals("{}") ? "" : ",").append(tail).append('}').toString();
        OutboxMessage m = new OutboxMessage();
        m.id = id;
        m.type = type;
        m.aggregateId = aggregateId;
        m.payload = text;
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
