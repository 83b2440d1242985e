package cn.jixiao.scoring.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A message announcing a state change, written in the transaction of that change and
 * delivered afterwards, at least once, by {@link OutboxDispatcher}.
 */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    public UUID id;

    public String type;

    @Column(name = "aggregate_id")
    public String aggregateId;

    /** The JSON text as written ({@link Outbox#store}); this entity is only read. */
    @Column(name = "payload", columnDefinition = "json")
    @ColumnTransformer(write = "?::json")
    public String payload;

    /** The request that caused the message, carried on its delivery. */
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    public int attempts;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;

    /** Set when the receiver refused the message for good; parked messages are not retried. */
    @Column(name = "parked_at")
    public OffsetDateTime parkedAt;

    @Column(name = "last_error")
    public String lastError;
}
