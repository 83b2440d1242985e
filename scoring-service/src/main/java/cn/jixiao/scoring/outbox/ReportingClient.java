package cn.jixiao.scoring.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Delivery to reporting-service. No retry here: the outbox retries with its own back-off; the
 * circuit breaker spares a reporting-service that is down from a burst of attempts.
 */
@ApplicationScoped
public class ReportingClient {

    @Inject
    @RestClient
    ReportingApi api;

    /**
     * Posts a batch (JSON text); the receipt, or a WebApplicationException for a 4xx or 5xx answer
     * to the whole request. Reporting applies up to 50 messages in one transaction that shares
     * rows with every other department of the cycle: under a deadline's load that can take longer
     * than a single message ever did, and a timed-out batch that was applied is only delivered again.
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public JsonNode deliver(String batch) {
        return api.evaluationsCompleted(batch);
    }
}
