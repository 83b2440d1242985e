package cn.jixiao.submission.outbox;

import cn.jixiao.submission.observability.RequestIds;
import cn.jixiao.submission.rubric.ScoringApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Delivers outbox messages to scoring-service, oldest first, in batches, with exponential
 * back-off per message. A commit that records a message starts a delivery at once; the poll
 * catches the rest. Rows are claimed with SKIP LOCKED so several replicas never deliver the same
 * message at once; delivery is at least once and the receiver is idempotent by filing revision.
 */
@ApplicationScoped
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    @Inject
    @RestClient
    ScoringApi scoring;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "jixiao.outbox.enabled")
    volatile boolean enabled;

    @ConfigProperty(name = "jixiao.outbox.batch-size")
    int batchSize;

    @ConfigProperty(name = "jixiao.outbox.max-backoff")
    Duration maxBackoff;

    @ConfigProperty(name = "jixiao.outbox.parallelism")
    int parallelism;

    /**
     * How long a drain waits for more commits before it claims: under a deadline's load a batch
     * then carries many messages instead of the one or two committed since the last pass, and
     * scoring stores each batch in one transaction.
     */
    @ConfigProperty(name = "jixiao.outbox.linger")
    Duration linger;

    /** Batches are delivered side by side: each waits mostly on the receiver's work. */
    private ExecutorService workers;

    /** Runs the drains that commits of new messages ask for, one at a time. */
    private ExecutorService drainer;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    @jakarta.annotation.PostConstruct
    void startWorkers() {
        workers = Executors.newFixedThreadPool(Math.max(1, parallelism), daemon("outbox-delivery"));
        drainer = Executors.newSingleThreadExecutor(daemon("outbox-drain"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @jakarta.annotation.PreDestroy
    void stopWorkers() {
        drainer.shutdownNow();
        workers.shutdownNow();
    }

    /** The poll is the safety net (other replicas' messages, retries after back-off). */
    @Scheduled(every = "${jixiao.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "2s")
    void poll() {
        if (enabled) {
            drainSoon();
        }
    }

    /** A message was committed: deliver now rather than at the next poll, which would add up to a second per filing. */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Recorded recorded) {
        if (enabled) {
            drainSoon();
        }
    }

    /** Switches delivery on or off at run time (tests turn it on for the wake-up alone). */
    void enable(boolean on) {
        enabled = on;
    }

    /** Asks for a drain; requests arriving while one runs are folded into one more pass. */
    void drainSoon() {
        wanted.set(true);
        if (draining.compareAndSet(false, true)) {
            try {
                drainer.execute(this::drainWhileWanted);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                draining.set(false); // shutting down
            }
        }
    }

    private void drainWhileWanted() {
        try {
            while (wanted.getAndSet(false) && !OffsetDateTime.now().isBefore(pausedUntil)) {
                if (!linger.isZero()) {
                    Thread.sleep(linger.toMillis());
                    // the commits of the wait are claimed by this pass: they need no pass of their own
                    wanted.set(false);
                }
                deliverDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "outbox drain failed; the next poll retries");
        } finally {
            draining.set(false);
            if (wanted.get()) {
                drainSoon();
            }
        }
    }

    /**
     * Consecutive passes in which scoring could not be reached at all; while it is down, the
     * messages not yet tried wait out a back-off too instead of each timing out in turn.
     */
    private final java.util.concurrent.atomic.AtomicInteger unreachablePasses = new java.util.concurrent.atomic.AtomicInteger();
    private volatile OffsetDateTime pausedUntil = OffsetDateTime.MIN;

    /** Scoring restarted is noticed within this long, however long it was down. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    /** Delivers every due message, in batches, several batches at a time; returns how many were attempted. */
    public int deliverDue() {
        AtomicBoolean unreachable = new AtomicBoolean();
        List<Future<Integer>> runs = new ArrayList<>();
        for (int w = 0; w < Math.max(1, parallelism); w++) {
            runs.add(workers.submit(() -> {
                int attempted = 0;
                int claimed;
                boolean more;
                do {
                    Delivery d = deliverBatch();
                    claimed = d.claimed();
                    attempted += d.sent();
                    if (d.unreachable()) {
                        unreachable.set(true);
                    }
                    // a full claim, or one the size budget cut short: more are due now
                    more = claimed == batchSize || d.sent() < claimed;
                } while (more && !unreachable.get());
                return attempted;
            }));
        }
        int attempted = 0;
        for (Future<Integer> run : runs) {
            try {
                attempted += run.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                LOG.errorf(e.getCause(), "outbox delivery failed outside its transaction");
            }
        }
        if (unreachable.get()) {
            Duration pause = backoff(unreachablePasses.incrementAndGet());
            pausedUntil = OffsetDateTime.now().plus(pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause);
        } else if (attempted > 0) {
            unreachablePasses.set(0);
        }
        return attempted;
    }

    /** What one delivery request did: how many messages it claimed, how many it sent, and whether scoring answered at all. */
    record Delivery(int claimed, int sent, boolean unreachable) {
    }

    /** A claimed message: only what delivery needs, the payload as the stored JSON text. */
    record Claimed(UUID id, String type, int attempts, String payload, String requestId) {
    }

    /**
     * The oldest due messages, locked. The ids are chosen first and the payloads read for those
     * alone: with the payload in the same select, PostgreSQL read and rendered the payload of every
     * due message before sorting them, so each claim cost more the longer the backlog grew (77 ms
     * with 1,262 waiting). The pending index walks them in created_at order.
     */
    private static final String CLAIM = "WITH due AS (SELECT id FROM outbox_message "
            + "WHERE delivered_at IS NULL AND parked_at IS NULL AND next_attempt_at <= now() "
            + "ORDER BY created_at LIMIT :n FOR UPDATE SKIP LOCKED) "
            + "SELECT m.id, m.type, m.attempts, m.payload::text, m.request_id FROM outbox_message m JOIN due ON due.id = m.id "
            + "ORDER BY m.created_at";

    /**
     * Claims up to a batch of due messages (SKIP LOCKED: replicas and workers never share one),
     * posts them as one request and settles each by its own outcome. Returns how many were claimed.
     */
    Delivery deliverBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                            CLAIM)
                    .setParameter("n", batchSize)
                    .getResultList();
            if (rows.isEmpty()) {
                return new Delivery(0, 0, false);
            }
            List<Claimed> sent = new ArrayList<>();
            // the stored payloads go out as they are, joined into the batch: parsing and writing
            // each one again cost more than the rest of the delivery
            StringBuilder body = new StringBuilder(64 * 1024).append("{\"messages\":[");
            long chars = 0;
            for (Object[] r : rows) {
                Claimed m = new Claimed((UUID) r[0], (String) r[1], ((Number) r[2]).intValue(), (String) r[3], (String) r[4]);
                String payload = m.payload();
                if (payload.length() > MAX_BATCH_CHARS) {
                    payload = withoutContent(payload);
                }
                if (!sent.isEmpty() && chars + payload.length() > MAX_BATCH_CHARS) {
                    break; // the rest stay due and go with the next batch
                }
                body.append(sent.isEmpty() ? "" : ",").append(payload);
                chars += payload.length();
                sent.add(m);
            }
            body.append("]}");
            return new Delivery(rows.size(), sent.size(), !settle(sent, body.toString()));
        });
    }

    /**
     * A batch must stay under the receiver's 1 MiB body limit (at most 3 bytes a character); a
     * message larger than a whole batch goes without its content, and scoring reads the revision
     * back from us instead.
     */
    static final int MAX_BATCH_CHARS = 256 * 1024;

    private String withoutContent(String payload) throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode p = (ObjectNode) mapper.readTree(payload);
        p.remove(List.of("content", "financeTotals", "priorYear", "priorYearIncluded"));
        return mapper.writeValueAsString(p);
    }

    /** Posts the batch and settles each message; false when scoring could not be reached or failed as a whole. */
    private boolean settle(List<Claimed> sent, String batch) {
        OffsetDateTime now = OffsetDateTime.now();
        // the delivery carries the id of the request that caused it, when the batch has one
        Set<String> requestIds = new HashSet<>();
        sent.forEach(m -> requestIds.add(m.requestId()));
        if (requestIds.size() == 1 && !requestIds.contains(null)) {
            org.jboss.logging.MDC.put(RequestIds.MDC_KEY, requestIds.iterator().next());
        }
        JsonNode receipt;
        try {
            receipt = scoring.filingsSubmitted(batch);
        } catch (Exception e) {
            sent.forEach(m -> failed(m, describe(e), refusedForGood(e), now));
            return refusedForGood(e);
        } finally {
            org.jboss.logging.MDC.remove(RequestIds.MDC_KEY);
        }
        Map<String, JsonNode> outcomes = new HashMap<>();
        receipt.path("outcomes").forEach(o -> outcomes.put(o.path("messageId").asText(), o));
        List<UUID> delivered = new ArrayList<>();
        for (Claimed m : sent) {
            JsonNode o = outcomes.get(m.id().toString());
            int status = o == null ? 0 : o.path("status").asInt();
            if (status >= 200 && status < 300) {
                delivered.add(m.id());
                metrics.counter("jixiao.outbox.delivered", "type", m.type()).increment();
            } else if (o == null) {
                failed(m, "no outcome for the message in the receipt", false, now);
            } else {
                String detail = o.path("problem").path("detail").asText("");
                failed(m, truncate("HTTP " + status + (detail.isEmpty() ? "" : ": " + detail)), refusedForGood(status), now);
            }
        }
        if (!delivered.isEmpty()) {
            em.createNativeQuery("UPDATE outbox_message SET delivered_at = :now, last_error = NULL WHERE id IN (:ids)")
                    .setParameter("now", now).setParameter("ids", delivered).executeUpdate();
        }
        return true;
    }

    private void failed(Claimed m, String error, boolean forGood, OffsetDateTime now) {
        int attempts = m.attempts() + 1;
        OffsetDateTime parkedAt = forGood ? now : null;
        OffsetDateTime next = forGood ? now : now.plus(backoff(attempts));
        em.createNativeQuery("UPDATE outbox_message SET attempts = :a, last_error = :e, parked_at = :p, next_attempt_at = :n WHERE id = :id")
                .setParameter("a", attempts).setParameter("e", error).setParameter("p", parkedAt)
                .setParameter("n", next).setParameter("id", m.id()).executeUpdate();
        if (forGood) {
            metrics.counter("jixiao.outbox.parked", "type", m.type()).increment();
            LOG.errorf("outbox message %s (%s) refused by the receiver (%s): parked until re-queued", m.id(), m.type(), error);
            return;
        }
        metrics.counter("jixiao.outbox.retries", "type", m.type()).increment();
        LOG.warnf("outbox message %s (%s) not delivered, attempt %d: %s", m.id(), m.type(), attempts, error);
    }

    static boolean refusedForGood(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /**
     * A whole request refused for good: a client error other than 408/429; other than 401/403,
     * which answer our credentials, not the messages (a token that expired in flight, a signing key
     * scoring has not fetched yet, a role missing after a deploy); and other than 404/405, which say
     * scoring has no batch endpoint where we called (an older version still running during a
     * rolling upgrade, a route not yet in place). None says the messages are wrong: they wait and
     * retry, where parking would leave every filing of the moment unscored until an admin came.
     * (Kept in step with scoring-service's dispatcher.)
     */
    static boolean refusedForGood(Exception e) {
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return refusedForGood(status) && status != 401 && status != 403 && status != 404 && status != 405;
        }
        return false;
    }

    /** Puts every parked message back in line; returns how many. */
    public int requeueParked() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "UPDATE outbox_message SET parked_at = NULL, next_attempt_at = now() WHERE parked_at IS NOT NULL AND delivered_at IS NULL")
                .executeUpdate());
    }

    /** 1 s, 2 s, 4 s … up to the configured ceiling. */
    Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts - 1, 20);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private static String describe(Exception e) {
        if (e instanceof WebApplicationException w) {
            return "HTTP " + w.getResponse().getStatus();
        }
        return truncate(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static String truncate(String msg) {
        return msg.length() > 1000 ? msg.substring(0, 1000) : msg;
    }
}
