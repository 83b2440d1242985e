package cn.jixiao.scoring.outbox;

import cn.jixiao.scoring.observability.RequestIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Records outgoing messages inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    public static final String EVALUATION_COMPLETED = "EvaluationCompleted";

    @Inject
    ObjectMapper mapper;

    @Inject
    Event<Recorded> recorded;

    @Inject
    AgroalDataSource db;

    /** Fired for each message; an observer after the commit starts its delivery. */
    public record Recorded(UUID messageId, String type) {
    }

    /**
     * A message ready to be stored: its payload is the JSON object as UTF-8, with
     * {@code messageId}, {@code type} and {@code requestId} after the payload's own fields.
     */
    public record Message(UUID id, String type, String aggregateId, byte[] payload, OffsetDateTime createdAt, String requestId) {
    }

    /**
     * Builds a message: the payload object is serialized once, straight to UTF-8. Writing the
     * EvaluationCompleted message (about 10 KB with Chinese names) to a Java string and having
     * the driver encode it again was a fifth of scoring's CPU when a deadline's filings arrive.
     */
    public Message message(String type, String aggregateId, Object payload, OffsetDateTime now, String requestId) {
        UUID id = UUID.randomUUID();
        byte[] fields;
        StringBuilder tail = new StringBuilder(64).append("\"messageId\":\"").append(id).append("\",\"type\":");
        try {
            fields = mapper.writeValueAsBytes(payload);
            tail.append(mapper.writeValueAsString(type));
            if (requestId != null) {
                tail.append(",\"requestId\":").append(mapper.writeValueAsString(requestId));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (fields.length < 2 || fields[0] != '{' || fields[fields.length - 1] != '}') {
            throw new IllegalArgumentException("an outbox payload must be a JSON object");
        }
        // after the payload's fields: should the payload ever have one of these names, the receiver
        // keeps the last of duplicate keys, so the envelope's value is the one delivered and matched
        byte[] end = tail.append('}').toString().getBytes(StandardCharsets.UTF_8);
        boolean empty = fields.length == 2;
        byte[] text = Arrays.copyOf(fields, fields.length - 1 + (empty ? 0 : 1) + end.length);
        if (!empty) {
            text[fields.length - 1] = ',';
        }
        System.arraycopy(end, 0, text, text.length - end.length, end.length);
        return new Message(id, type, aggregateId, text, now, requestId);
    }

    /** Stores one message for delivery, with the current request's id; returns its id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(String type, String aggregateId, Object payload, OffsetDateTime now) {
        Message m = message(type, aggregateId, payload, now, RequestIds.current());
        store(List.of(m));
        return m.id();
    }

    /**
     * Stores messages for delivery inside the caller's transaction, as one JDBC batch: the
     * payload goes to PostgreSQL as the UTF-8 bytes already written.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void store(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Message m : messages) {
                ps.setObject(1, m.id());
                ps.setString(2, m.type());
                ps.setString(3, m.aggregateId());
                ps.setBytes(4, m.payload());
                ps.setObject(5, m.createdAt());
                ps.setObject(6, m.createdAt());
                ps.setString(7, m.requestId());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("cannot store " + messages.size() + " outbox message(s)",
                    e.getNextException() != null ? e.getNextException() : e);
        }
        messages.forEach(m -> recorded.fire(new Recorded(m.id(), m.type())));
    }

    private static final String INSERT = "INSERT INTO outbox_message (id, type, aggregate_id, payload, created_at, next_attempt_at, request_id) "
            + "VALUES (?, ?, ?, convert_from(?, 'UTF8')::json, ?, ?, ?)";

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
