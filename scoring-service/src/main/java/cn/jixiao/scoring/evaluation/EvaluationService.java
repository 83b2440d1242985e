package cn.jixiao.scoring.evaluation;

import cn.jixiao.scoring.config.ScoringConfig;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationPage;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationRecord;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationRequest;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationView;
import cn.jixiao.scoring.evaluation.EvaluationApi.Finance;
import cn.jixiao.scoring.evaluation.EvaluationApi.IndicatorRecord;
import cn.jixiao.scoring.evaluation.EvaluationApi.ReviewChangeView;
import cn.jixiao.scoring.evaluation.EvaluationApi.ReviewScoreInput;
import cn.jixiao.scoring.evaluation.EvaluationApi.StoredResult;
import cn.jixiao.scoring.evaluation.EvaluationResult.CategoryResult;
import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import cn.jixiao.scoring.filing.Filings;
import cn.jixiao.scoring.filing.SubmissionClient;
import cn.jixiao.scoring.outbox.Outbox;
import cn.jixiao.scoring.problem.ApiException;
import cn.jixiao.scoring.problem.ProblemType;
import cn.jixiao.scoring.problem.Text;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.rubric.RubricService;
import cn.jixiao.scoring.rubric.RubricVersion;
import cn.jixiao.scoring.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Scores stored filings: fetches the submitted revision (and, when a rule needs it, last year's
 * filing) from submission-service, applies a published rubric version, and stores the result
 * with the "EvaluationCompleted" message in one transaction. Idempotent per filing revision and
 * rubric version.
 */
@ApplicationScoped
public class EvaluationService {

    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    @Inject
    SubmissionClient submission;

    @Inject
    RubricService rubrics;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry metrics;

    @Inject
    Caller caller;

    @Inject
    ScoringConfig config;

    /** An evaluation, and whether this call created it. */
    public record Outcome(Evaluation evaluation, boolean created) {
    }

    public Outcome evaluate(EvaluationRequest request, String actor) {
        if (request.revision() != null && request.rubricCode() != null && request.rubricVersion() != null) {
            Optional<Evaluation> existing = existing(request.filingId(), request.revision(), request.rubricCode(), request.rubricVersion());
            if (existing.isPresent()) {
                return new Outcome(existing.get(), false);
            }
        }
        try {
            return scoreAndStore(request, actor);
        } catch (WebApplicationException | ProcessingException | FaultToleranceException e) {
            throw unavailable(e);
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("io.quarkus.oidc.client")) {
                throw unavailable(e);
            }
            throw e;
        }
    }

    private ApiException unavailable(Exception e) {
        LOG.warnf("submission-service unavailable: %s", e.toString());
        return new ApiException(ProblemType.DEPENDENCY_UNAVAILABLE,
                Text.of("暂时无法读取填报（填报服务不可用），请稍后重试", "Cannot read the filing now (submission-service unavailable); retry later"),
                List.of(), Map.of("Retry-After", String.valueOf(config.submission().retryAfter())));
    }

    private Outcome scoreAndStore(EvaluationRequest request, String actor) {
        UUID filingId = request.filingId();
        Filings.Filing filing = submission.filing(filingId).orElseThrow(() -> ApiException.invalid("$.filingId", "unknown-filing",
                Text.of("填报 " + filingId + " 不存在", "no filing " + filingId)));
        int revision;
        if (request.revision() != null) {
            revision = request.revision();
        } else {
            List<Filings.RevisionSummary> revisions = submission.revisions(filingId);
            if (revisions.isEmpty()) {
                throw new ApiException(ProblemType.CONFLICT, Text.of("填报 " + filingId + " 尚未提交，无法评分",
                        "Filing " + filingId + " has no submitted revision to score"));
            }
            revision = revisions.stream().mapToInt(r -> r.revision() == null ? 0 : r.revision()).max().getAsInt();
        }
        Filings.Revision rev = submission.revision(filingId, revision).orElseThrow(() -> ApiException.invalid("$.revision", "unknown-revision",
                Text.of("填报 " + filingId + " 没有已提交的第 " + revision + " 版", "filing " + filingId + " has no submitted revision " + revision)));
        long cycleId = rev.cycleId() != null ? rev.cycleId() : filing.cycleId();
        Filings.Cycle cycle = submission.cycle(cycleId).orElseThrow(() -> new ApiException(ProblemType.CONFLICT,
                Text.of("填报所属的评价批次 " + cycleId + " 不存在", "The filing's cycle " + cycleId + " does not exist")));
        String rubricCode = request.rubricCode() != null ? request.rubricCode() : cycle.rubricCode();
        int rubricVersion;
        if (request.rubricVersion() != null) {
            rubricVersion = request.rubricVersion();
        } else if (rubricCode.equals(cycle.rubricCode())) {
            rubricVersion = cycle.rubricVersion();
        } else {
            rubricVersion = latestPublished(rubricCode);
        }
        Optional<Evaluation> existing = existing(filingId, revision, rubricCode, rubricVersion);
        if (existing.isPresent()) {
            return new Outcome(existing.get(), false);
        }
        RubricVersion rv = rubrics.published(rubricCode, rubricVersion, "$.rubricVersion");
        RubricDefinition def = rubrics.definition(rv);
        String departmentCode = rev.departmentCode() != null ? rev.departmentCode() : filing.departmentCode();
        int fiscalYear = rev.fiscalYear() != null ? rev.fiscalYear() : filing.fiscalYear();
        Filings.Department department = submission.department(departmentCode).orElse(new Filings.Department(departmentCode, departmentCode, null));
        FilingData data = new FilingData(rev.content(), rev.financeTotals(), () -> priorYear(departmentCode, fiscalYear - 1));
        EvaluationResult result = ScoringEngine.score(def, data);

        Evaluation e = new Evaluation();
        e.id = UUID.randomUUID();
        e.version = 1;
        e.official = rubricCode.equals(cycle.rubricCode()) && rubricVersion == cycle.rubricVersion();
        e.filingId = filingId;
        e.filingRevision = revision;
        e.filingSha256 = rev.contentSha256();
        e.departmentCode = departmentCode;
        e.departmentName = department.name() == null ? departmentCode : department.name();
        e.departmentGroup = department.group();
        e.fiscalYear = fiscalYear;
        e.cycleId = cycleId;
        e.rubricCode = rubricCode;
        e.rubricVersion = rubricVersion;
        e.rubricHash = rv.contentHash;
        OffsetDateTime now = OffsetDateTime.now();
        e.evaluatedAt = now;
        e.updatedAt = now;
        e.createdBy = actor;
        e.messageId = request.messageId();
        e.totalScore = result.totalScore();
        e.selfTotalScore = selfTotal(data.content());
        e.grade = result.grade();
        e.result = json(new StoredResult(result, finance(data.financeTotals())));
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                e.persist();
                em.flush();
                outbox.record(Outbox.EVALUATION_COMPLETED, e.id.toString(), message(e), now);
            });
        } catch (RuntimeException ex) {
            if (isUniqueViolation(ex)) {
                // a concurrent delivery of the same message won the race: answer with its evaluation
                return new Outcome(existing(filingId, revision, rubricCode, rubricVersion).orElseThrow(() -> ex), false);
            }
            throw ex;
        }
        metrics.counter("jixiao.evaluations.created", "official", String.valueOf(e.official)).increment();
        return new Outcome(e, true);
    }

    private int latestPublished(String rubricCode) {
        Integer latest = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select max(v.version) from RubricVersion v where v.rubricCode = :c and v.status = :s", Integer.class)
                .setParameter("c", rubricCode).setParameter("s", RubricVersion.Status.PUBLISHED).getSingleResult());
        if (latest == null) {
            throw ApiException.invalid("$.rubricCode", "no-published-version",
                    Text.of("评分表 " + rubricCode + " 没有已发布的版本", "rubric " + rubricCode + " has no published version"));
        }
        return latest;
    }

    /** The department's filing of the year before, at its latest submitted revision. */
    private Optional<FilingData.PriorYear> priorYear(String departmentCode, int fiscalYear) {
        return submission.filingOf(departmentCode, fiscalYear)
                .filter(f -> !"DRAFT".equals(f.status()))
                .flatMap(f -> submission.revisions(f.id()).stream()
                        .map(Filings.RevisionSummary::revision).filter(Objects::nonNull).max(Integer::compare)
                        .flatMap(n -> submission.revision(f.id(), n)))
                .map(r -> new FilingData.PriorYear(r.filingId(), r.revision(), r.contentSha256(), r.content(), r.financeTotals()));
    }

    private Optional<Evaluation> existing(UUID filingId, int revision, String rubricCode, int rubricVersion) {
        return QuarkusTransaction.requiringNew().call(() -> Evaluation.<Evaluation>find(
                        "filingId = :f and filingRevision = :r and rubricCode = :c and rubricVersion = :v",
                        Parameters.with("f", filingId).and("r", revision).and("c", rubricCode).and("v", rubricVersion))
                .firstResultOptional());
    }

    static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof org.hibernate.exception.ConstraintViolationException cve
                    && Evaluation.UNIQUE.equals(cve.getConstraintName())) {
                return true;
            }
            if (c instanceof SQLException sql && "23505".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains(Evaluation.UNIQUE)) {
                return true;
            }
        }
        return false;
    }

    /** The evaluation if the caller may read it; 404 for another department's, as for a missing one. */
    @Transactional
    public Evaluation readable(UUID id) {
        Evaluation e = Evaluation.findById(id);
        if (e == null || !caller.mayRead(e.departmentCode)) {
            throw ApiException.notFound("evaluation", id);
        }
        return e;
    }

    @Transactional
    public EvaluationPage list(UUID filingId, Integer fiscalYear, Boolean official, String departmentCode, int page, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (!caller.seesAllDepartments()) {
            departmentCode = caller.department() == null ? "" : caller.department();
        }
        if (departmentCode != null) {
            q.append(" and departmentCode = :d");
            p.and("d", departmentCode);
        }
        if (filingId != null) {
            q.append(" and filingId = :f");
            p.and("f", filingId);
        }
        if (fiscalYear != null) {
            q.append(" and fiscalYear = :y");
            p.and("y", fiscalYear);
        }
        if (official != null) {
            q.append(" and official = :o");
            p.and("o", official);
        }
        var query = Evaluation.<Evaluation>find(q.toString(), Sort.by("evaluatedAt").and("id"), p).page(Page.of(page, size));
        long total = query.count();
        List<EvaluationRecord> items = query.list().stream().map(this::record).toList();
        return new EvaluationPage(items, page, size, total, (int) ((total + size - 1) / size));
    }

    @Transactional
    public Evaluation review(UUID id, String ifMatch, List<ReviewScoreInput> inputs, String actor) {
        Evaluation e = em.find(Evaluation.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !caller.mayRead(e.departmentCode)) {
            throw ApiException.notFound("evaluation", id);
        }
        ETags.check(ifMatch, e.version);
        StoredResult stored = stored(e);
        Map<String, IndicatorResult> byCode = new LinkedHashMap<>();
        stored.result().indicators().forEach(r -> byCode.put(r.code(), r));
        List<ApiException.Violation> violations = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            ReviewScoreInput in = inputs.get(i);
            IndicatorResult r = byCode.get(in.indicatorCode());
            if (r == null) {
                violations.add(new ApiException.Violation("$[" + i + "].indicatorCode", "unknown-indicator",
                        Text.of("评分表中没有三级指标 " + in.indicatorCode(), "the rubric has no level-3 indicator " + in.indicatorCode())));
            } else if (in.score() != null && (in.score().signum() < 0 || in.score().compareTo(r.points()) > 0)) {
                violations.add(new ApiException.Violation("$[" + i + "].score", "out-of-range",
                        Text.of("复核得分须在 0 到 " + r.points().toPlainString() + " 之间", "a review score must be between 0 and " + r.points().toPlainString())));
            }
            if (seen.put(in.indicatorCode(), i) != null) {
                violations.add(new ApiException.Violation("$[" + i + "].indicatorCode", "duplicate",
                        Text.of("指标 " + in.indicatorCode() + " 重复", "indicator " + in.indicatorCode() + " given twice")));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION_FAILED, Text.of("复核得分有 " + violations.size() + " 处问题",
                    violations.size() + " problem(s) with the review scores"), violations);
        }
        RubricDefinition def = rubrics.definition(rubrics.get(e.rubricCode, e.rubricVersion));
        OffsetDateTime now = OffsetDateTime.now();
        List<ReviewScoreChange> changes = new ArrayList<>();
        for (ReviewScoreInput in : inputs) {
            IndicatorResult r = byCode.get(in.indicatorCode());
            BigDecimal score = in.score() == null ? null : def.roundingOrDefault().apply(in.score());
            if (sameScore(r.reviewScore(), score) && Objects.equals(r.reviewComment(), in.comment())) {
                continue;
            }
            ReviewScoreChange c = new ReviewScoreChange();
            c.evaluationId = e.id;
            c.evaluationVersion = e.version + 1;
            c.indicatorCode = r.code();
            c.oldScore = r.reviewScore();
            c.newScore = score;
            c.comment = in.comment();
            c.actor = actor;
            c.at = now;
            changes.add(c);
            byCode.put(r.code(), r.withReview(score, in.comment()));
        }
        if (changes.isEmpty()) {
            return e;
        }
        EvaluationResult result = ScoringEngine.finish(def, new ArrayList<>(byCode.values()), stored.result().priorYear());
        e.version = e.version + 1;
        e.totalScore = result.totalScore();
        e.grade = result.grade();
        e.updatedAt = now;
        e.result = json(new StoredResult(result, stored.finance()));
        changes.forEach(c -> c.persist());
        outbox.record(Outbox.EVALUATION_COMPLETED, e.id.toString(), message(e), now);
        metrics.counter("jixiao.evaluations.reviewed").increment();
        return e;
    }

    @Transactional
    public List<ReviewChangeView> history(UUID id) {
        readable(id);
        return ReviewScoreChange.<ReviewScoreChange>list("evaluationId", Sort.by("id"), id).stream()
                .map(c -> new ReviewChangeView(c.id, c.evaluationVersion, c.indicatorCode, c.oldScore, c.newScore, c.comment, c.actor, c.at))
                .toList();
    }

    private static boolean sameScore(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    public EvaluationView view(Evaluation e) {
        StoredResult s = stored(e);
        return new EvaluationView(e.id, e.version, e.official, e.filingId, e.filingRevision, e.filingSha256, e.departmentCode,
                e.departmentName, e.departmentGroup, e.fiscalYear, e.cycleId, e.rubricCode, e.rubricVersion, e.rubricHash,
                e.evaluatedAt, e.updatedAt, e.totalScore, e.selfTotalScore, e.grade, s.result().droppedPoints(),
                s.result().categories(), s.result().indicators(), s.finance(), s.result().priorYear());
    }

    /** The evaluation as reporting reads it (decimals at scale 2). */
    public EvaluationRecord record(Evaluation e) {
        StoredResult s = stored(e);
        List<CategoryResult> categories = s.result().categories().stream()
                .map(c -> new CategoryResult(c.code(), c.name(), c.level(), c.parentCode(), s2(c.points()), s2(c.score()))).toList();
        List<IndicatorRecord> indicators = s.result().indicators().stream()
                .map(r -> new IndicatorRecord(r.code(), r.name(), r.level1Code(), r.level2Code(), s2(r.points()), s2(r.computedScore()),
                        s2(r.selfScore()), s2(r.reviewScore()), s2(r.finalScore()), r.notComputable(), r.notApplicable(), r.overScored()))
                .toList();
        return new EvaluationRecord(e.id, e.version, e.official, e.filingId, e.filingRevision, e.filingSha256, e.departmentCode,
                e.departmentName, e.departmentGroup, e.fiscalYear, e.cycleId, e.rubricCode, e.rubricVersion, e.rubricHash,
                e.evaluatedAt, s2(e.totalScore), s2(e.selfTotalScore), e.grade, categories, indicators, s.finance());
    }

    private ObjectNode message(Evaluation e) {
        return mapper.valueToTree(record(e));
    }

    static Finance finance(JsonNode totals) {
        return new Finance(amount(totals, "income", "total"), amount(totals, "expenditure", "total"),
                amount(totals, "expenditure", "basic"), amount(totals, "expenditure", "project"),
                amount(totals, "expenditure", "balanceOfYear"), amount(totals, "expenditure", "accumulatedBalance"),
                amount(totals, "threePublic", "total"), amount(totals, "fixedAssets", "total"));
    }

    private static BigDecimal amount(JsonNode totals, String section, String field) {
        JsonNode n = totals == null ? null : totals.path(section).get(field);
        return n != null && n.isNumber() ? s2(n.decimalValue()) : BigDecimal.ZERO.setScale(2);
    }

    static BigDecimal selfTotal(JsonNode content) {
        JsonNode n = content.path("selfEvaluation").get("totalScore");
        return n != null && n.isNumber() ? s2(n.decimalValue()) : null;
    }

    static BigDecimal s2(BigDecimal d) {
        return d == null ? null : d.setScale(2, RoundingMode.HALF_UP);
    }

    StoredResult stored(Evaluation e) {
        try {
            return mapper.readValue(e.result, StoredResult.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored evaluation " + e.id + " is unreadable", ex);
        }
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
