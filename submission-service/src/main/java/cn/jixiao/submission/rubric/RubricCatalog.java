package cn.jixiao.submission.rubric;

import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.ProblemType;
import cn.jixiao.submission.problem.Text;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Reads a published rubric version (评分表) from scoring-service and returns the points of its
 * level-3 indicators, which a cycle keeps so that self-scores can be checked against them.
 */
@ApplicationScoped
public class RubricCatalog {

    private static final Logger LOG = Logger.getLogger(RubricCatalog.class);

    @Inject
    @RestClient
    ScoringApi scoring;

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ApiException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = ApiException.class)
    public Map<String, BigDecimal> indicatorPoints(String rubricCode, int version) {
        JsonNode rubric;
        try {
            rubric = scoring.rubricVersion(rubricCode, version);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw unknown(rubricCode, version);
            }
            throw e;
        }
        if (!"PUBLISHED".equalsIgnoreCase(rubric.path("status").asText())) {
            throw new ApiException(ProblemType.INVALID_INPUT,
                    Text.of("评分表 " + rubricCode + " 第 " + version + " 版尚未发布", "Rubric " + rubricCode + " version " + version + " is not published"),
                    List.of(new ApiException.Violation("$.rubricVersion", "not-published",
                            Text.of("只能绑定已发布的评分表版本", "only a published rubric version can be bound"))));
        }
        Map<String, BigDecimal> points = new LinkedHashMap<>();
        rubric.path("indicators").forEach(node -> collectLeaves(node, points));
        if (points.isEmpty()) {
            throw new IllegalStateException("rubric " + rubricCode + "/" + version + " has no level-3 indicators");
        }
        return points;
    }

    private static void collectLeaves(JsonNode node, Map<String, BigDecimal> points) {
        JsonNode children = node.path("children");
        if (children.isArray() && !children.isEmpty()) {
            children.forEach(child -> collectLeaves(child, points));
        } else {
            points.put(node.path("code").asText(), node.path("points").decimalValue());
        }
    }

    /**
     * A version scoring does not have: of a rubric it does not have either (the code is wrong,
     * named as such), or another version than the rubric's (named with the versions it has).
     */
    private ApiException unknown(String code, int version) {
        List<String> published = new ArrayList<>();
        try {
            scoring.versions(code).forEach(v -> {
                if ("PUBLISHED".equalsIgnoreCase(v.path("status").asText())) {
                    published.add(v.path("version").asText());
                }
            });
        } catch (RuntimeException e) {
            if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 404) {
                return new ApiException(ProblemType.INVALID_INPUT,
                        Text.of("评分表 " + code + " 不存在", "Rubric " + code + " does not exist"),
                        List.of(new ApiException.Violation("$.rubricCode", "unknown-rubric", Text.of("评分表不存在", "no such rubric"))));
            }
            // only the wording depends on this second call: the version is unknown all the same
            LOG.debugf(e, "listing the versions of rubric %s failed; the version is named without them", code);
        }
        Text which = published.isEmpty() ? Text.of("评分表版本不存在", "no such rubric version")
                : Text.of("评分表版本不存在（已发布的版本：" + String.join("、", published) + "）",
                        "no such rubric version (published: " + String.join(", ", published) + ")");
        return new ApiException(ProblemType.INVALID_INPUT,
                Text.of("评分表 " + code + " 第 " + version + " 版不存在", "Rubric " + code + " version " + version + " does not exist"),
                List.of(new ApiException.Violation("$.rubricVersion", "unknown-rubric", which)));
    }
}
