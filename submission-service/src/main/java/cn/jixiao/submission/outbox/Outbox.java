package cn.jixiao.submission.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
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
        return id;
    }

    public long backlog() {
        return OutboxMessage.count("deliveredAt is null");
    }
}
