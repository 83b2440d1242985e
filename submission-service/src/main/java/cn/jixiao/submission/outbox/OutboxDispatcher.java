package cn.jixiao.submission.outbox;

import cn.jixiao.submission.observability.RequestIds;
import cn.jixiao.submission.rubric.ScoringApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Delivers outbox messages to scoring-service, oldest first, with exponential back-off per
 * message. Rows are claimed with SKIP LOCKED so several replicas never deliver the same message
 * at once; delivery is at least once and the receiver is idempotent by message id and revision.
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
    boolean enabled;

    @ConfigProperty(name = "jixiao.outbox.batch-size")
    int batchSize;

    @ConfigProperty(name = "jixiao.outbox.max-backoff")
    Duration maxBackoff;

    @ConfigProperty(name = "jixiao.outbox.parallelism")
    int parallelism;

    /** Deliveries of one batch run side by side: each waits mostly on the receiver's work. */
    private ExecutorService workers;

    @jakarta.annotation.PostConstruct
    void startWorkers() {
        workers = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "outbox-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    @jakarta.annotation.PreDestroy
    void stopWorkers() {
        workers.shutdownNow();
    }

    @Scheduled(every = "${jixiao.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "2s")
    void poll() {
        if (!enabled) {
            return;
        }
        int delivered;
        do {
            delivered = deliverDue();
        } while (delivered == batchSize);
    }

    /** Delivers one batch of due messages; returns how many were attempted. */
    public int deliverDue() {
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT id FROM outbox_message WHERE delivered_at IS NULL AND parked_at IS NULL AND next_attempt_at <= now() "
                                + "ORDER BY created_at LIMIT :n", UUID.class)
                .setParameter("n", batchSize)
                .getResultList());
        List<Future<?>> deliveries = new ArrayList<>();
        for (UUID id : due) {
            deliveries.add(workers.submit(() -> deliver(id)));
        }
        for (Future<?> delivery : deliveries) {
            try {
                delivery.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                LOG.errorf(e.getCause(), "outbox delivery failed outside its transaction");
            }
        }
        return due.size();
    }

    private void deliver(UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxMessage> claimed = em.createNativeQuery(
                            "SELECT * FROM outbox_message WHERE id = :id AND delivered_at IS NULL AND parked_at IS NULL FOR UPDATE SKIP LOCKED",
                            OutboxMessage.class)
                    .setParameter("id", id)
                    .getResultList();
            if (claimed.isEmpty()) {
                return; // another replica has it, or it was delivered meanwhile
            }
            OutboxMessage m = claimed.get(0);
            OffsetDateTime now = OffsetDateTime.now();
            try {
                JsonNode payload = mapper.readTree(m.payload);
                // the delivery carries the id of the request that caused it
                String requestId = payload.path("requestId").asText(null);
                if (requestId != null) {
                    org.jboss.logging.MDC.put(RequestIds.MDC_KEY, requestId);
                }
                scoring.filingSubmitted(payload);
                m.deliveredAt = now;
                m.lastError = null;
                metrics.counter("jixiao.outbox.delivered", "type", m.type).increment();
            } catch (Exception e) {
                m.attempts++;
                m.lastError = describe(e);
                if (refusedForGood(e)) {
                    m.parkedAt = now;
                    metrics.counter("jixiao.outbox.parked", "type", m.type).increment();
                    LOG.errorf("outbox message %s (%s) refused by the receiver (%s): parked until re-queued", m.id, m.type, m.lastError);
                    return;
                }
                m.nextAttemptAt = now.plus(backoff(m.attempts));
                metrics.counter("jixiao.outbox.retries", "type", m.type).increment();
                LOG.warnf("outbox message %s (%s) not delivered, attempt %d: %s", m.id, m.type, m.attempts, m.lastError);
            } finally {
                org.jboss.logging.MDC.remove(RequestIds.MDC_KEY);
            }
        });
    }

    /** A client error other than 408/429 will not go away by retrying the same message. */
    static boolean refusedForGood(Exception e) {
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return status >= 400 && status < 500 && status != 408 && status != 429;
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
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        return msg.length() > 1000 ? msg.substring(0, 1000) : msg;
    }
}
