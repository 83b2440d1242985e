package cn.jixiao.scoring.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
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

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public void deliver(JsonNode message) {
        try (Response response = api.evaluationCompleted(message)) {
            if (response.getStatus() >= 300) {
                throw new jakarta.ws.rs.WebApplicationException("reporting-service answered HTTP " + response.getStatus(), response.getStatus());
            }
        }
    }
}
