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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads a published rubric version (评分表) from scoring-service and returns the points of its
 * level-3 indicators, which a cycle keeps so that self-scores can be checked against them.
 */
@ApplicationScoped
public class RubricCatalog {

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
        JsonNode versions;
        try {
            versions = scoring.versions(code);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                throw e;
            }
            return new ApiException(ProblemType.INVALID_INPUT,
                    Text.of("评分表 " + code + " 不存在", "Rubric " + code + " does not exist"),
                    List.of(new ApiException.Violation("$.rubricCode", "unknown-rubric", Text.of("评分表不存在", "no such rubric"))));
        }
        List<String> known = new java.util.ArrayList<>();
        versions.forEach(v -> known.add(v.path("version").asText()));
        return new ApiException(ProblemType.INVALID_INPUT,
                Text.of("评分表 " + code + " 第 " + version + " 版不存在", "Rubric " + code + " version " + version + " does not exist"),
                List.of(new ApiException.Violation("$.rubricVersion", "unknown-rubric",
                        Text.of("评分表版本不存在（现有版本：" + String.join("、", known) + "）",
                                "no such rubric version (it has " + String.join(", ", known) + ")"))));
    }
}
