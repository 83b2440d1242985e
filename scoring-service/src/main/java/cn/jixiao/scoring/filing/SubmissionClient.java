package cn.jixiao.scoring.filing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The rest of the service's only way to submission-service. Each call has a timeout, retries
 * twice and feeds a circuit breaker; a 404 is an empty result, not a failure. Any other failure
 * surfaces as an exception, which the callers turn into 503 + Retry-After.
 */
@ApplicationScoped
public class SubmissionClient {

    @Inject
    @RestClient
    SubmissionApi api;

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Optional<Filings.Filing> filing(UUID id) {
        return orEmpty(() -> api.filing(id));
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public List<Filings.RevisionSummary> revisions(UUID id) {
        return orEmpty(() -> api.revisions(id)).orElse(List.of());
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Optional<Filings.Revision> revision(UUID id, int n) {
        return orEmpty(() -> api.revision(id, n));
    }

    /** The department's filing of a fiscal year, if any. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Optional<Filings.FilingSummary> filingOf(String departmentCode, int fiscalYear) {
        return orEmpty(() -> api.filings(departmentCode, fiscalYear))
                // of the year's filings (one per cycle) the one submitted last, as submission-service
                // picks last year's filing for a message: a draft of another cycle must not hide it
                .flatMap(page -> page.items() == null ? Optional.empty() : page.items().stream()
                        .filter(f -> departmentCode.equals(f.departmentCode()) && f.fiscalYear() != null && f.fiscalYear() == fiscalYear)
                        .filter(f -> !"DRAFT".equals(f.status()) && f.submittedAt() != null)
                        .max(Comparator.comparing(Filings.FilingSummary::submittedAt).thenComparing(f -> f.id().toString(),
                                Comparator.reverseOrder())));
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Optional<Filings.Cycle> cycle(long id) {
        return orEmpty(() -> api.cycle(id));
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Optional<Filings.Department> department(String code) {
        return orEmpty(() -> api.department(code));
    }

    private static <T> Optional<T> orEmpty(java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
