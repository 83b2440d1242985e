package cn.jixiao.submission.financeimport;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Idempotency-Key records (IETF draft-ietf-httpapi-idempotency-key-header): a key is bound to the
 * caller and to a fingerprint of the request; the first response is kept and replayed.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** What a new request finds under its key. */
    public sealed interface Claim permits Claimed, InFlight, Reused, Replay {
    }

    /** The key is new; this request owns it. */
    public record Claimed() implements Claim {
    }

    /** Another request with this key is still being processed. */
    public record InFlight() implements Claim {
    }

    /** The key was used with another request body. */
    public record Reused() implements Claim {
    }

    /** The key's request completed; answer as it was answered. */
    public record Replay(int status, String body) implements Claim {
    }

    @Inject
    EntityManager em;

    @ConfigProperty(name = "quarkus.transaction-manager.default-transaction-timeout", defaultValue = "60s")
    Duration transactionTimeout;

    /** How old an unfinished claim must be to be taken as abandoned: well past any import's end. */
    Duration abandonedAfter() {
        Duration twice = transactionTimeout.multipliedBy(2);
        return twice.compareTo(Duration.ofMinutes(10)) > 0 ? twice : Duration.ofMinutes(10);
    }

    /** Claims the key in its own committed transaction, so concurrent requests see it at once. */
    public Claim claim(String caller, String key, String requestSha256) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int inserted = em.createNativeQuery("INSERT INTO idempotency_record (caller, idempotency_key, request_sha256, state, created_at) "
                            + "VALUES (:caller, :key, :sha, 'IN_FLIGHT', :now) ON CONFLICT DO NOTHING")
                    .setParameter("caller", caller)
                    .setParameter("key", key)
                    .setParameter("sha", requestSha256)
                    .setParameter("now", OffsetDateTime.now())
                    .executeUpdate();
            if (inserted == 1) {
                return new Claimed();
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT request_sha256, state, response_status, response_body "
                            + "FROM idempotency_record WHERE caller = :caller AND idempotency_key = :key")
                    .setParameter("caller", caller)
                    .setParameter("key", key)
                    .getResultList();
            if (rows.isEmpty()) {
                // released between our insert attempt and the read: the earlier request failed
                return new InFlight();
            }
            Object[] row = rows.get(0);
            if (!requestSha256.equals(row[0])) {
                return new Reused();
            }
            if ("IN_FLIGHT".equals(row[1])) {
                // a claim older than any import can run (its transaction, its wait for a turn
                // inside it, both bounded by the transaction timeout) was left by a process that
                // died mid-import, its changes rolled back with it: without a takeover every retry
                // would be told "in flight" for ever. One retry takes it; a concurrent one finds
                // the claim fresh again.
                int taken = em.createNativeQuery("UPDATE idempotency_record SET created_at = :now WHERE caller = :caller "
                                + "AND idempotency_key = :key AND state = 'IN_FLIGHT' AND created_at < :stale")
                        .setParameter("now", OffsetDateTime.now())
                        .setParameter("caller", caller)
                        .setParameter("key", key)
                        .setParameter("stale", OffsetDateTime.now().minus(abandonedAfter()))
                        .executeUpdate();
                return taken == 1 ? new Claimed() : new InFlight();
            }
            return new Replay(((Number) row[2]).intValue(), (String) row[3]);
        });
    }

    /** Stores the response; call inside the transaction that applied the request. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void complete(String caller, String key, int status, String body) {
        em.createNativeQuery("UPDATE idempotency_record SET state = 'DONE', response_status = :status, "
                        + "response_body = :body, completed_at = :now WHERE caller = :caller AND idempotency_key = :key")
                .setParameter("status", status)
                .setParameter("body", body)
                .setParameter("now", OffsetDateTime.now())
                .setParameter("caller", caller)
                .setParameter("key", key)
                .executeUpdate();
    }

    /** Stores a refusal in its own transaction (the refused request changed nothing). */
    public void completeAlone(String caller, String key, int status, String body) {
        QuarkusTransaction.requiringNew().run(() -> complete(caller, key, status, body));
    }

    /** Frees the key after an unexpected failure, so the client may retry it. */
    public void release(String caller, String key) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "DELETE FROM idempotency_record WHERE caller = :caller AND idempotency_key = :key AND state = 'IN_FLIGHT'")
                .setParameter("caller", caller)
                .setParameter("key", key)
                .executeUpdate());
    }
}
