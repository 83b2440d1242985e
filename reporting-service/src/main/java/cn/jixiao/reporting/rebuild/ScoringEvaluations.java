package cn.jixiao.reporting.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Reads scoring-service's official evaluations page by page, with timeout, retries and a circuit breaker. */
@ApplicationScoped
public class ScoringEvaluations {

    @Inject
    @RestClient
    ScoringApi scoring;

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public JsonNode officialPage(int page, int size) {
        return scoring.evaluations(true, page, size);
    }
}
