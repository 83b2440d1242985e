package cn.jixiao.submission.cycle;

import cn.jixiao.submission.cycle.CycleApi.CycleRequest;
import cn.jixiao.submission.cycle.CycleApi.CycleView;
import cn.jixiao.submission.json.BoundedDecimal;
import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.ProblemType;
import cn.jixiao.submission.problem.Text;
import cn.jixiao.submission.rubric.RubricCatalog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Creates and reads evaluation cycles. */
@ApplicationScoped
public class CycleService {

    private static final Logger LOG = Logger.getLogger(CycleService.class);
    private static final TypeReference<LinkedHashMap<String, BigDecimal>> POINTS = new TypeReference<>() {
    };

    @Inject
    RubricCatalog rubrics;

    @Inject
    ObjectMapper mapper;

    /**
     * Parsed points by their stored text. Cycles of one rubric version hold the same text, so
     * this stays as small as the number of rubric versions in use, however many cycles there are.
     */
    private final Map<String, Map<String, BigDecimal>> points = new ConcurrentHashMap<>();

    /** A bound only against a store holding unexpectedly many distinct point sets. */
    private static final int MAX_CACHED = 1000;

    /** Binds the cycle to a published rubric version; the rubric is read before any write. */
    public EvaluationCycle create(CycleRequest request, String createdBy) {
        Map<String, BigDecimal> points;
        try {
            points = rubrics.indicatorPoints(request.rubricCode(), request.rubricVersion());
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("scoring-service unavailable while creating a cycle: %s", e.toString());
            throw new ApiException(ProblemType.DEPENDENCY_UNAVAILABLE,
                    Text.of("暂时无法读取评分表（评分服务不可用），请稍后重试", "Cannot read the rubric now (scoring-service unavailable); retry later"),
                    List.of(), Map.of("Retry-After", "30"));
        }
        return persist(request, points, createdBy);
    }

    @Transactional
    EvaluationCycle persist(CycleRequest request, Map<String, BigDecimal> points, String createdBy) {
        EvaluationCycle c = new EvaluationCycle();
        c.name = request.name();
        c.fiscalYear = request.fiscalYear();
        c.deadline = request.deadline();
        c.rubricCode = request.rubricCode();
        c.rubricVersion = request.rubricVersion();
        c.indicatorPoints = write(points);
        c.createdAt = OffsetDateTime.now();
        c.createdBy = createdBy;
        c.persist();
        return c;
    }

    public Optional<EvaluationCycle> find(long id) {
        return EvaluationCycle.findByIdOptional(id);
    }

    public List<EvaluationCycle> list(Integer fiscalYear) {
        return fiscalYear == null
                ? EvaluationCycle.list("order by fiscalYear desc, id")
                : EvaluationCycle.list("fiscalYear = ?1 order by id", fiscalYear);
    }

    /** Level-3 indicator code → points of the cycle's rubric version, in the rubric's order. */
    public Map<String, BigDecimal> indicatorPoints(EvaluationCycle cycle) {
        return indicatorPoints(cycle.id, cycle.indicatorPoints);
    }

    /** The same, from the stored jsonb text of the cycle's {@code indicator_points}. */
    public Map<String, BigDecimal> indicatorPoints(long cycleId, String stored) {
        // a cycle's points are copied from a published rubric version and never change, and every
        // submission validates against them: parse each distinct text once
        Map<String, BigDecimal> cached = points.get(stored);
        if (cached != null) {
            return cached;
        }
        Map<String, BigDecimal> parsed;
        try {
            parsed = Collections.unmodifiableMap(mapper.readerFor(POINTS).withAttribute(BoundedDecimal.STORED_DATA, Boolean.TRUE)
                    .<LinkedHashMap<String, BigDecimal>>readValue(stored));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt indicator points of cycle " + cycleId, e);
        }
        if (points.size() >= MAX_CACHED) {
            points.clear();
        }
        points.put(stored, parsed);
        return parsed;
    }

    public CycleView view(EvaluationCycle c) {
        return new CycleView(c.id, c.name, c.fiscalYear, c.deadline, c.rubricCode, c.rubricVersion,
                indicatorPoints(c), c.createdAt, c.createdBy);
    }

    private String write(Map<String, BigDecimal> points) {
        try {
            return mapper.writeValueAsString(points);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
