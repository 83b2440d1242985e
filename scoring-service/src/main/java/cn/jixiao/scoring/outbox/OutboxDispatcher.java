package cn.jixiao.scoring.outbox;

import cn.jixiao.scoring.config.ScoringConfig;
import cn.jixiao.scoring.observability.RequestIds;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Delivers outbox messages to reporting-service, oldest first, in batches, with exponential
 * back-off per message. A commit that records a message starts a delivery once scoring has been
 * quiet for a moment (see {@link #awaitQuiet}); the poll catches the rest. Rows are claimed with
 * SKIP LOCKED so several replicas never deliver the same message at once; delivery is at least
 * once and the receiver is idempotent by message id and evaluation version.
 *
 * <p>One request is in flight per replica: reporting-service applies a batch in one transaction
 * that writes its cycles' district-wide rows, so requests side by side would mostly wait for
 * each other there.
 */
@ApplicationScoped
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

    @Inject
    EntityManager em;

    @Inject
    ReportingClient reporting;

    @Inject
    MeterRegistry metrics;

    @Inject
    ScoringConfig config;

    /** Null until switched at run time; then it overrides the configuration (tests turn it on for the wake-up alone). */
    private volatile Boolean enabledNow;

    /** Runs the drains that commits and the poll ask for, one at a time. */
    private ExecutorService drainer;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    /** Whether a commit has recorded a message since the last drain began to claim. */
    private final AtomicBoolean gathering = new AtomicBoolean();

    /**
     * System.nanoTime of the last commit that recorded a message, and of the first since the last
     * drain began to claim. Commits at the same moment may each write their own time: a drain then
     * goes sooner or later by the time between them.
     */
    private volatile long lastRecorded;
    private volatile long gatheringSince;

    /**
     * Consecutive passes in which reporting could not be reached at all; while it is down, the
     * messages not yet tried wait out a back-off too instead of each timing out in turn.
     */
    private final AtomicInteger unreachablePasses = new AtomicInteger();
    private volatile OffsetDateTime pausedUntil = OffsetDateTime.MIN;

    /** Reporting restarted is noticed within this long, however long it was down. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    /**
     * A batch stays well under reporting's 1 MiB body limit even if every character took 3 bytes
     * in UTF-8; the first message of a batch always goes, so a larger one travels alone.
     */
    static final int MAX_BATCH_CHARS = 256 * 1024;

    @jakarta.annotation.PostConstruct
    void startDrainer() {
        drainer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "outbox-drain");
            t.setDaemon(true);
            return t;
        });
    }

    @jakarta.annotation.PreDestroy
    void stopDrainer() {
        drainer.shutdownNow();
    }

    private boolean enabled() {
        Boolean now = enabledNow;
        return now != null ? now : config.outbox().enabled();
    }

    /** Switches delivery on or off at run time. */
    void enable(boolean on) {
        enabledNow = on;
    }

    /** The poll is the safety net (other replicas' messages, retries after back-off). */
    @Scheduled(every = "${jixiao.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "2s")
    void poll() {
        if (enabled()) {
            drainSoon();
        }
    }

    /**
     * A transaction that recorded messages committed: deliver once scoring is quiet rather than at
     * the next poll. A batch of evaluations stored in one transaction fires once per message; the
     * requests fold into one drain.
     */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Recorded recorded) {
        if (enabled()) {
            long now = System.nanoTime();
            lastRecorded = now;
            if (!gathering.get()) {
                gatheringSince = now; // before the flag: a drain that sees the flag sees this time
                gathering.set(true);
            }
            drainSoon();
        }
    }

    /** Asks for a drain; requests arriving while one runs are folded into one more pass. */
    void drainSoon() {
        wanted.set(true);
        if (draining.compareAndSet(false, true)) {
            try {
                drainer.execute(this::drainWhileWanted);
            } catch (RejectedExecutionException e) {
                draining.set(false); // shutting down
            }
        }
    }

    private void drainWhileWanted() {
        try {
            while (wanted.getAndSet(false) && !OffsetDateTime.now().isBefore(pausedUntil)) {
                awaitQuiet();
                // the commits of the wait are claimed by this pass: they need no pass of their own
                wanted.set(false);
                gathering.set(false);
                if (!enabled()) {
                    return; // switched off while waiting: the messages stay for later
                }
                deliverDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "outbox drain failed; the next poll retries");
        } finally {
            draining.set(false);
            if (wanted.get() && !OffsetDateTime.now().isBefore(pausedUntil)) {
                drainSoon();
            }
        }
    }

    /**
     * Waits until no evaluation has been recorded for the quiet period, or until the oldest
     * waiting message has waited the longest gather. Under a deadline's burst, scoring the filings
     * comes first: the reports take the evaluations in full batches once scoring has caught up,
     * instead of in small batches competing with it and with the submits for the same cores. A
     * single evaluation reaches the reports a quiet period later; a steady stream, at most the
     * longest gather later. A drain the poll starts with nothing recorded since the last does not
     * wait (retries after a back-off, other replicas' messages).
     */
    private void awaitQuiet() throws InterruptedException {
        long quiet = config.outbox().quiet().toNanos();
        long longest = config.outbox().longestGather().toNanos();
        while (gathering.get()) {
            long now = System.nanoTime();
            // differences of nanoTime, never absolute values: they stay right if the counter wraps
            long wait = Math.min(quiet - (now - lastRecorded), longest - (now - gatheringSince));
            if (wait <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Delivers every due message, batch after batch; returns how many were attempted. */
    public int deliverDue() {
        int attempted = 0;
        boolean unreachable = false;
        Delivery d;
        do {
            d = deliverBatch();
            attempted += d.sent();
            unreachable = d.unreachable();
            // a full claim, or one the character budget cut short, leaves more due at once
        } while ((d.claimed() == config.outbox().batchSize() || d.sent() < d.claimed()) && !unreachable);
        if (unreachable) {
            Duration pause = backoff(unreachablePasses.incrementAndGet());
            pausedUntil = OffsetDateTime.now().plus(pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause);
        } else if (attempted > 0) {
            // reporting answered: whatever pause an earlier pass began is over
            unreachablePasses.set(0);
            pausedUntil = OffsetDateTime.MIN;
        }
        return attempted;
    }

    /** What one delivery request did: how many messages it claimed and sent, and whether reporting answered at all. */
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
     * Claims up to a batch of due messages (SKIP LOCKED: replicas never share one), posts them as
     * one request and settles each by its own outcome. Rows are read and settled by plain SQL:
     * an entity update would write every column back, the payload too, which PostgreSQL would
     * parse as jsonb and store again for nothing.
     */
    Delivery deliverBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                            CLAIM)
                    .setParameter("n", config.outbox().batchSize())
                    .getResultList();
            if (rows.isEmpty()) {
                return new Delivery(0, 0, false);
            }
            List<Claimed> sent = new ArrayList<>();
            // the stored JSON text goes as it is: parsing and writing every message again would cost more than the request
            StringBuilder body = new StringBuilder(64 * 1024).append("{\"messages\":[");
            long chars = 0;
            for (Object[] r : rows) {
                Claimed m = new Claimed((UUID) r[0], (String) r[1], ((Number) r[2]).intValue(), (String) r[3], (String) r[4]);
                if (!sent.isEmpty() && chars + m.payload().length() > MAX_BATCH_CHARS) {
                    break; // the rest stay due and go with the next batch
                }
                body.append(sent.isEmpty() ? "" : ",").append(m.payload());
                chars += m.payload().length() + 1;
                sent.add(m);
            }
            body.append("]}");
            return new Delivery(rows.size(), sent.size(), !settle(sent, body.toString()));
        });
    }

    /** Posts the batch and settles each message; false when reporting could not be reached or failed as a whole. */
    private boolean settle(List<Claimed> sent, String body) {
        OffsetDateTime now = OffsetDateTime.now();
        // the delivery carries the id of the request that caused it, when the whole batch has one
        Set<String> requestIds = new HashSet<>();
        sent.forEach(m -> requestIds.add(m.requestId()));
        if (requestIds.size() == 1 && !requestIds.contains(null)) {
            org.jboss.logging.MDC.put(RequestIds.MDC_KEY, requestIds.iterator().next());
        }
        JsonNode receipt;
        try {
            receipt = reporting.deliver(body);
        } catch (Exception e) {
            boolean forGood = refusedForGood(e);
            sent.forEach(m -> failed(m, describe(e), forGood, now));
            return forGood;
        } finally {
            org.jboss.logging.MDC.remove(RequestIds.MDC_KEY);
        }
        Map<String, JsonNode> outcomes = new HashMap<>();
        receipt.path("outcomes").forEach(o -> outcomes.putIfAbsent(o.path("messageId").asText(), o));
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

    /** A client error other than 408/429 will not go away by retrying the same message. */
    static boolean refusedForGood(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /**
     * The same for a whole request, except 404 and 405, which say reporting-service has no batch
     * endpoint yet (an older version still running), and 401 and 403, which answer our credentials
     * (a token expired in flight, a signing key not fetched yet, a role missing after a deploy):
     * none says the messages are wrong, and parking would leave every evaluation of the moment out
     * of the reports until an admin came.
     */
    static boolean refusedForGood(Exception e) {
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return refusedForGood(status) && status != 404 && status != 405 && status != 401 && status != 403;
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
        return d.compareTo(config.outbox().maxBackoff()) > 0 ? config.outbox().maxBackoff() : d;
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
