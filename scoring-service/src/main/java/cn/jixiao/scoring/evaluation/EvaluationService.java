package cn.jixiao.scoring.evaluation;

import cn.jixiao.scoring.config.ScoringConfig;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationPage;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationRecord;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationRequest;
import cn.jixiao.scoring.evaluation.EvaluationApi.DeliveryOutcome;
import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationView;
import cn.jixiao.scoring.evaluation.EvaluationApi.Finance;
import cn.jixiao.scoring.evaluation.EvaluationApi.IndicatorRecord;
import cn.jixiao.scoring.evaluation.EvaluationApi.ReviewChangeView;
import cn.jixiao.scoring.evaluation.EvaluationApi.ReviewScoreInput;
import cn.jixiao.scoring.evaluation.EvaluationApi.StoredResult;
import cn.jixiao.scoring.evaluation.EvaluationApi.SubmittedFiling;
import cn.jixiao.scoring.evaluation.EvaluationResult.CategoryResult;
import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import cn.jixiao.scoring.filing.Filings;
import cn.jixiao.scoring.filing.SubmissionClient;
import cn.jixiao.scoring.json.BoundedDecimal;
import cn.jixiao.scoring.json.StorableDocument;
import cn.jixiao.scoring.outbox.Outbox;
import cn.jixiao.scoring.observability.RequestIds;
import cn.jixiao.scoring.problem.ApiException;
import cn.jixiao.scoring.problem.ETags;
import cn.jixiao.scoring.problem.Language;
import cn.jixiao.scoring.problem.ProblemMappers;
import cn.jixiao.scoring.problem.ProblemResponses;
import cn.jixiao.scoring.problem.ProblemType;
import cn.jixiao.scoring.problem.Text;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.rubric.RubricService;
import cn.jixiao.scoring.rubric.RubricVersion;
import cn.jixiao.scoring.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    EvaluationStore evaluations;

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
        String departmentCode = rev.departmentCode() != null ? rev.departmentCode() : filing.departmentCode();
        int fiscalYear = rev.fiscalYear() != null ? rev.fiscalYear() : filing.fiscalYear();
        Filings.Department department = submission.department(departmentCode).orElse(new Filings.Department(departmentCode, departmentCode, null));
        FilingData data = new FilingData(rev.content(), rev.financeTotals(), () -> priorYear(departmentCode, fiscalYear - 1));
        boolean official = rubricCode.equals(cycle.rubricCode()) && rubricVersion == cycle.rubricVersion();
        Evaluation e = scored(new Subject(filingId, revision, rev.contentSha256(), departmentCode, department.name(), department.group(),
                fiscalYear, cycleId, official, request.messageId()), rv, data, actor);
        if (!QuarkusTransaction.requiringNew().call(() -> store(List.of(e), Map.of())).isEmpty()) {
            // a concurrent delivery of the same message won the race: answer with its evaluation
            return new Outcome(standing(filingId, revision, rubricCode, rubricVersion), false);
        }
        return new Outcome(e, true);
    }

    /** What an evaluation is of, apart from the filing's data. */
    record Subject(UUID filingId, int revision, String contentSha256, String departmentCode, String departmentName,
            String departmentGroup, int fiscalYear, long cycleId, boolean official, UUID messageId) {
    }

    /** Applies the rubric version to the filing; nothing is stored yet. */
    private Evaluation scored(Subject s, RubricVersion rv, FilingData data, String actor) {
        EvaluationResult result = ScoringEngine.score(rubrics.definition(rv), data);
        Evaluation e = new Evaluation();
        e.id = UUID.randomUUID();
        e.version = 1;
        e.official = s.official();
        e.filingId = s.filingId();
        e.filingRevision = s.revision();
        e.filingSha256 = s.contentSha256();
        e.departmentCode = s.departmentCode();
        e.departmentName = s.departmentName() == null ? s.departmentCode() : s.departmentName();
        e.departmentGroup = s.departmentGroup();
        e.fiscalYear = s.fiscalYear();
        e.cycleId = s.cycleId();
        e.rubricCode = rv.rubricCode;
        e.rubricVersion = rv.version;
        e.rubricHash = rv.contentHash;
        OffsetDateTime now = OffsetDateTime.now();
        e.evaluatedAt = now;
        e.updatedAt = now;
        e.createdBy = actor;
        e.messageId = s.messageId();
        e.totalScore = result.totalScore();
        e.selfTotalScore = selfTotal(data.content());
        e.grade = result.grade();
        // the result's JSON is written when it is stored
        e.computed = new StoredResult(result, finance(data.financeTotals()));
        return e;
    }

    /**
     * Stores evaluations with their EvaluationCompleted messages, inside the caller's transaction,
     * each kind as one batch; each message carries the request id of the submission that caused
     * it, when known, else the current request's. Result and message go to the database as the
     * UTF-8 JSON written once here. The unique constraint decides which evaluation of a filing
     * revision and rubric version stands: one already stored (a redelivery, or a rival delivery
     * committed first) is kept, the one made here is dropped with no message, and returned.
     */
    private List<Evaluation> store(List<Evaluation> made, Map<UUID, String> requestIdOf) {
        List<EvaluationStore.NewEvaluation> rows = new ArrayList<>(made.size());
        for (Evaluation e : made) {
            rows.add(new EvaluationStore.NewEvaluation(e, utf8(e.computed)));
        }
        boolean[] inserted = evaluations.insert(rows);
        List<Outbox.Message> messages = new ArrayList<>(made.size());
        List<Evaluation> already = new ArrayList<>();
        String requestId = RequestIds.current();
        for (int i = 0; i < made.size(); i++) {
            Evaluation e = made.get(i);
            if (!inserted[i]) {
                already.add(e);
                continue;
            }
            String carried = requestIdOf.get(e.id);
            messages.add(outbox.message(Outbox.EVALUATION_COMPLETED, e.id.toString(), record(e), e.updatedAt,
                    carried != null ? carried : requestId));
            metrics.counter("jixiao.evaluations.created", "official", String.valueOf(e.official)).increment();
        }
        outbox.store(messages);
        return already;
    }

    /** Identity of an evaluation: one per filing revision and rubric version. */
    private record Key(UUID filingId, int revision, String rubricCode, int rubricVersion) {
        static Key of(SubmittedFiling m) {
            return new Key(m.filingId(), m.revision(), m.rubricCode(), m.rubricVersion());
        }
    }

    /**
     * Scores a batch of FilingSubmitted messages. Messages that carry their content are scored
     * without calling submission-service and stored together in one transaction; each message
     * gets its own outcome, so one bad message never holds back the others.
     */
    public List<DeliveryOutcome> receive(List<SubmittedFiling> messages, String actor, Language lang, String instance) {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[messages.size()];
        Map<Key, Integer> firstOf = new HashMap<>();
        Map<Integer, Integer> repeats = new LinkedHashMap<>();
        List<Integer> carried = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            SubmittedFiling m = messages.get(i);
            ApiException invalid = check(m, i);
            if (invalid != null) {
                outcomes[i] = refused(m, invalid, lang, instance);
                continue;
            }
            Integer first = firstOf.putIfAbsent(Key.of(m), i);
            if (first != null) {
                repeats.put(i, first);
            } else if (m.content() == null || m.content().isNull()) {
                outcomes[i] = readingBack(m, actor, lang, instance);
            } else {
                carried.add(i);
            }
        }
        // no look-up of evaluations already stored first: the insert's unique constraint finds a
        // redelivery (storeTogether), and a look-up by filing for every batch cost a scan of the
        // table whenever its statistics lagged behind a deadline's inserts
        Map<String, RubricVersion> versions = new HashMap<>();
        List<Evaluation> made = new ArrayList<>();
        Map<UUID, Integer> indexOf = new HashMap<>();
        Map<UUID, String> requestIdOf = new HashMap<>();
        for (int i : carried) {
            SubmittedFiling m = messages.get(i);
            try {
                RubricVersion rv = versions.get(m.rubricCode() + "/" + m.rubricVersion());
                if (rv == null) {
                    rv = rubrics.published(m.rubricCode(), m.rubricVersion(), "$.messages[" + i + "].rubricVersion");
                    versions.put(m.rubricCode() + "/" + m.rubricVersion(), rv);
                }
                Evaluation e = scored(subject(m), rv, carriedData(m), actor);
                made.add(e);
                indexOf.put(e.id, i);
                if (m.requestId() != null) {
                    requestIdOf.put(e.id, m.requestId());
                }
            } catch (ApiException ex) {
                outcomes[i] = refused(m, ex, lang, instance);
            } catch (WebApplicationException | ProcessingException | FaultToleranceException ex) {
                outcomes[i] = refused(m, unavailable(ex), lang, instance);
            } catch (RuntimeException ex) {
                outcomes[i] = failed(m, ex, lang, instance);
            }
        }
        storeTogether(made, requestIdOf, messages, indexOf, outcomes, lang, instance);
        repeats.forEach((i, first) -> {
            DeliveryOutcome o = outcomes[first];
            SubmittedFiling m = messages.get(i);
            outcomes[i] = new DeliveryOutcome(m.messageId(), m.filingId(), o.status() == 201 ? 200 : o.status(), o.evaluationId(), o.problem());
        });
        return List.of(outcomes);
    }

    private void storeTogether(List<Evaluation> made, Map<UUID, String> requestIdOf, List<SubmittedFiling> messages,
            Map<UUID, Integer> indexOf, DeliveryOutcome[] outcomes, Language lang, String instance) {
        if (made.isEmpty()) {
            return;
        }
        Set<UUID> kept = new HashSet<>();
        try {
            QuarkusTransaction.requiringNew().call(() -> store(made, requestIdOf)).forEach(e -> kept.add(e.id));
        } catch (RuntimeException together) {
            if (made.size() == 1) {
                int i = indexOf.get(made.get(0).id);
                outcomes[i] = failed(messages.get(i), together, lang, instance);
                return;
            }
            // one by one, so that an evaluation the database refuses holds back no other
            LOG.warnf("storing %d evaluations together failed (%s); storing them one by one", made.size(), together.toString());
            List<Evaluation> stored = new ArrayList<>();
            for (Evaluation e : made) {
                int i = indexOf.get(e.id);
                try {
                    QuarkusTransaction.requiringNew().call(() -> store(List.of(e), requestIdOf)).forEach(k -> kept.add(k.id));
                    stored.add(e);
                } catch (RuntimeException alone) {
                    outcomes[i] = failed(messages.get(i), alone, lang, instance);
                }
            }
            settleStored(stored, kept, messages, indexOf, outcomes);
            return;
        }
        settleStored(made, kept, messages, indexOf, outcomes);
    }

    /** The outcomes of evaluations stored: 201 for one inserted, 200 with the one that stands for one kept out by the unique constraint. */
    private void settleStored(List<Evaluation> stored, Set<UUID> kept, List<SubmittedFiling> messages, Map<UUID, Integer> indexOf,
            DeliveryOutcome[] outcomes) {
        for (Evaluation e : stored) {
            int i = indexOf.get(e.id);
            SubmittedFiling m = messages.get(i);
            if (!kept.contains(e.id)) {
                outcomes[i] = new DeliveryOutcome(m.messageId(), m.filingId(), 201, e.id, null);
                continue;
            }
            // stored before (a redelivery) or by a rival delivery that committed first: answer with that one
            Evaluation winner = standing(m.filingId(), m.revision(), m.rubricCode(), m.rubricVersion());
            outcomes[i] = new DeliveryOutcome(m.messageId(), m.filingId(), 200, winner.id, null);
        }
    }

    /** The fields a batch message must have; the same rules as {@link EvaluationRequest}'s, named by their path in the batch. */
    private static ApiException check(SubmittedFiling m, int i) {
        List<ApiException.Violation> v = new ArrayList<>();
        String at = "$.messages[" + i + "].";
        if (m.filingId() == null) {
            v.add(new ApiException.Violation(at + "filingId", "required", Text.of("必填", "required")));
        }
        if (m.revision() == null || m.revision() < 1) {
            v.add(new ApiException.Violation(at + "revision", "required", Text.of("须为不小于 1 的整数", "required, at least 1")));
        }
        if (m.rubricCode() == null || m.rubricCode().isBlank() || m.rubricCode().length() > 64) {
            v.add(new ApiException.Violation(at + "rubricCode", "required", Text.of("必填，最多 64 个字符", "required, at most 64 characters")));
        }
        if (m.rubricVersion() == null || m.rubricVersion() < 1) {
            v.add(new ApiException.Violation(at + "rubricVersion", "required", Text.of("须为不小于 1 的整数", "required, at least 1")));
        }
        boolean carriesContent = m.content() != null && !m.content().isNull();
        if (carriesContent && !m.content().isObject()) {
            v.add(new ApiException.Violation(at + "content", "type", Text.of("须为对象", "must be an object")));
        }
        if (carriesContent) {
            if (m.departmentCode() == null || m.departmentCode().isBlank()) {
                v.add(new ApiException.Violation(at + "departmentCode", "required", Text.of("随内容一起必填", "required with content")));
            }
            if (m.contentSha256() == null || m.contentSha256().isBlank()) {
                v.add(new ApiException.Violation(at + "contentSha256", "required", Text.of("随内容一起必填", "required with content")));
            }
            if (m.fiscalYear() == null) {
                v.add(new ApiException.Violation(at + "fiscalYear", "required", Text.of("随内容一起必填", "required with content")));
            }
            if (m.cycleId() == null) {
                v.add(new ApiException.Violation(at + "cycleId", "required", Text.of("随内容一起必填", "required with content")));
            }
        }
        // the lengths the department register and the evaluation's columns allow: a longer value
        // would fail the insert of every evaluation stored with it
        tooLong(v, at + "departmentCode", m.departmentCode(), 32);
        tooLong(v, at + "departmentName", m.departmentName(), 200);
        tooLong(v, at + "departmentGroup", m.departmentGroup(), 100);
        tooLong(v, at + "contentSha256", m.contentSha256(), 64);
        String[] paths = {at + "content", at + "financeTotals", at + "priorYear.content", at + "priorYear.financeTotals"};
        JsonNode[] docs = {m.content(), m.financeTotals(), m.priorYear() == null ? null : m.priorYear().content(),
            m.priorYear() == null ? null : m.priorYear().financeTotals()};
        for (int d = 0; d < docs.length; d++) {
            StorableDocument.Finding found = StorableDocument.firstUnstorable(docs[d], paths[d]);
            if (found != null) {
                v.add(ProblemMappers.violation(found));
            }
        }
        return v.isEmpty() ? null : new ApiException(ProblemType.INVALID_INPUT,
                Text.of("消息有 " + v.size() + " 处问题", v.size() + " problem(s) with the message"), v);
    }

    private static void tooLong(List<ApiException.Violation> v, String field, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            v.add(new ApiException.Violation(field, "too-long", Text.of("最多 " + max + " 个字符", "at most " + max + " characters")));
        }
    }

    private static Subject subject(SubmittedFiling m) {
        return new Subject(m.filingId(), m.revision(), m.contentSha256(), m.departmentCode(), m.departmentName(), m.departmentGroup(),
                m.fiscalYear(), m.cycleId(), true, m.messageId());
    }

    /** The message's own data; last year's filing from the message too, unless the sender did not look it up. */
    private FilingData carriedData(SubmittedFiling m) {
        if (Boolean.TRUE.equals(m.priorYearIncluded())) {
            Optional<FilingData.PriorYear> prior = Optional.ofNullable(m.priorYear()).map(p -> new FilingData.PriorYear(p.filingId(),
                    p.revision(), p.contentSha256(), p.content(), p.financeTotals()));
            return new FilingData(m.content(), m.financeTotals(), () -> prior);
        }
        return new FilingData(m.content(), m.financeTotals(), () -> priorYear(m.departmentCode(), m.fiscalYear() - 1));
    }

    /** An older message without content: scored as a single request, reading the filing back. */
    private DeliveryOutcome readingBack(SubmittedFiling m, String actor, Language lang, String instance) {
        try {
            Outcome o = evaluate(new EvaluationRequest(m.filingId(), m.revision(), m.rubricCode(), m.rubricVersion(), m.messageId()), actor);
            return new DeliveryOutcome(m.messageId(), m.filingId(), o.created() ? 201 : 200, o.evaluation().id, null);
        } catch (ApiException ex) {
            return refused(m, ex, lang, instance);
        } catch (RuntimeException ex) {
            return failed(m, ex, lang, instance);
        }
    }

    /**
     * A failure of ours on one message: a bug, answered 500 for that message alone (with an
     * incident id in the log) so that the sender retries it and delivers the others; a call to
     * submission-service that could not be made is a 503 as in {@link #evaluate}.
     */
    private DeliveryOutcome failed(SubmittedFiling m, RuntimeException ex, Language lang, String instance) {
        if (ex.getClass().getName().startsWith("io.quarkus.oidc.client")) {
            return refused(m, unavailable(ex), lang, instance);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(ex, "Scoring message %s of filing %s failed, incident %s", m.messageId(), m.filingId(), incident);
        return refused(m, new ApiException(ProblemType.INTERNAL, Text.of("服务器内部错误，事件编号 " + incident,
                "Internal error, incident " + incident)), lang, instance);
    }

    private static DeliveryOutcome refused(SubmittedFiling m, ApiException ex, Language lang, String instance) {
        return new DeliveryOutcome(m.messageId(), m.filingId(), ex.type.status, null, ProblemResponses.problem(ex, lang, instance));
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

    /**
     * The evaluation that stands for a filing revision and rubric version after the insert of
     * another one was skipped by the unique constraint: it exists, or the database broke its own
     * constraint (a bug, answered 500).
     */
    private Evaluation standing(UUID filingId, int revision, String rubricCode, int rubricVersion) {
        return existing(filingId, revision, rubricCode, rubricVersion).orElseThrow(() -> new IllegalStateException(
                "evaluation of " + filingId + "/" + revision + " under " + rubricCode + " v" + rubricVersion + " neither inserted nor found"));
    }

    private Optional<Evaluation> existing(UUID filingId, int revision, String rubricCode, int rubricVersion) {
        return QuarkusTransaction.requiringNew().call(() -> Evaluation.<Evaluation>find(
                        "filingId = :f and filingRevision = :r and rubricCode = :c and rubricVersion = :v",
                        Parameters.with("f", filingId).and("r", revision).and("c", rubricCode).and("v", rubricVersion))
                .firstResultOptional());
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
    public EvaluationPage list(UUID filingId, Integer fiscalYear, Boolean official, Boolean counting, String departmentCode, int page, int size) {
        StringBuilder q = new StringBuilder("from Evaluation e where 1 = 1");
        Parameters p = new Parameters();
        if (!caller.seesAllDepartments()) {
            departmentCode = caller.department() == null ? "" : caller.department();
        }
        if (departmentCode != null && (!departmentCode.isBlank() || !caller.seesAllDepartments())) {
            // an empty filter filters nothing, as an empty fiscalYear does; a filer stays held to its own
            q.append(" and e.departmentCode = :d");
            p.and("d", departmentCode);
        }
        if (filingId != null) {
            q.append(" and e.filingId = :f");
            p.and("f", filingId);
        }
        if (fiscalYear != null) {
            q.append(" and e.fiscalYear = :y");
            p.and("y", fiscalYear);
        }
        if (official != null) {
            q.append(" and e.official = :o");
            p.and("o", official);
        }
        if (counting != null) {
            // as the reports and refuseIfSuperseded decide it: official, and no newer revision of the
            // same filing has an official evaluation
            String superseded = "exists (select 1 from Evaluation n where n.filingId = e.filingId and n.official = true"
                    + " and n.filingRevision > e.filingRevision)";
            q.append(counting ? " and e.official = true and not " + superseded : " and (e.official = false or " + superseded + ")");
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
        refuseIfSuperseded(e);
        ETags.check(ifMatch, e.version, ETags.EVALUATION);
        StoredResult stored = stored(e);
        Map<String, IndicatorResult> byCode = new LinkedHashMap<>();
        stored.result().indicators().forEach(r -> byCode.put(r.code(), r));
        List<ApiException.Violation> violations = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        RubricDefinition def = rubrics.definition(rubrics.get(e.rubricCode, e.rubricVersion));
        int places = def.roundingOrDefault().scaleOrDefault();
        for (int i = 0; i < inputs.size(); i++) {
            ReviewScoreInput in = inputs.get(i);
            IndicatorResult r = byCode.get(in.indicatorCode());
            if (r == null) {
                violations.add(new ApiException.Violation("$[" + i + "].indicatorCode", "unknown-indicator",
                        Text.of("评分表中没有三级指标 " + in.indicatorCode(), "the rubric has no level-3 indicator " + in.indicatorCode())));
            } else if (in.score() != null && (in.score().signum() < 0 || in.score().compareTo(r.points()) > 0)) {
                violations.add(new ApiException.Violation("$[" + i + "].score", "out-of-range",
                        Text.of("复核得分须在 0 到 " + r.points().toPlainString() + " 之间", "a review score must be between 0 and " + r.points().toPlainString())));
            } else if (in.score() != null && in.score().stripTrailingZeros().scale() > places) {
                // rounded on the way in, 3.915 was stored and recorded as 3.92: not what the reviewer entered
                violations.add(new ApiException.Violation("$[" + i + "].score", "too-many-decimals",
                        Text.of("复核得分最多 " + places + " 位小数（评分表的得分精度）", "a review score has at most " + places
                                + " decimal places (the rubric's precision)")));
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
        e.computed = new StoredResult(result, stored.finance());
        e.result = json(e.computed);
        changes.forEach(c -> c.persist());
        outbox.record(Outbox.EVALUATION_COMPLETED, e.id.toString(), record(e), now);
        metrics.counter("jixiao.evaluations.reviewed").increment();
        return e;
    }

    /**
     * An official evaluation of a filing revision that was returned and submitted again no longer
     * counts: reports take the newer revision's. Review scores entered on it would be answered 200
     * and change no report, so the reviewer is sent to the evaluation that counts. (A comparison
     * evaluation, under another rubric version, counts for no report and may be reviewed.)
     */
    private void refuseIfSuperseded(Evaluation e) {
        if (!e.official) {
            return;
        }
        List<Object[]> newer = em.createQuery("select n.id, n.filingRevision from Evaluation n where n.filingId = :filing"
                        + " and n.official = true and n.filingRevision > :revision order by n.filingRevision desc", Object[].class)
                .setParameter("filing", e.filingId).setParameter("revision", e.filingRevision).setMaxResults(1).getResultList();
        if (newer.isEmpty()) {
            return;
        }
        UUID successor = (UUID) newer.get(0)[0];
        int revision = (Integer) newer.get(0)[1];
        throw new ApiException(ProblemType.CONFLICT,
                Text.of("该评价针对填报第 " + e.filingRevision + " 版，已被第 " + revision + " 版的评价 " + successor + " 取代，请在该评价上复核",
                        "This evaluation is of the filing's revision " + e.filingRevision + ", superseded by revision " + revision
                                + "'s evaluation " + successor + ": enter review scores there"),
                List.of(), Map.of("Link", "</api/v1/evaluations/" + successor + ">; rel=\"successor-version\""));
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
                        s2(r.selfScore()), s2(r.reviewScore()), s2(r.finalScore()), r.notComputable(), r.notApplicable(), r.overScored(),
                        dropped(s.result(), r)))
                .toList();
        return new EvaluationRecord(e.id, e.version, e.official, e.filingId, e.filingRevision, e.filingSha256, e.departmentCode,
                e.departmentName, e.departmentGroup, e.fiscalYear, e.cycleId, e.rubricCode, e.rubricVersion, e.rubricHash,
                e.evaluatedAt, s2(e.totalScore), s2(e.selfTotalScore), e.grade, categories, indicators, s.finance());
    }

    /**
     * Whether the rubric version's policy dropped this not-applicable indicator and pro-rated the
     * total: its 0 is no score, and reports must not count it as points lost.
     */
    static boolean dropped(EvaluationResult result, IndicatorResult r) {
        return r.notApplicable() && r.finalSource() == EvaluationResult.FinalSource.NOT_APPLICABLE_POLICY
                && result.droppedPoints() != null && result.droppedPoints().signum() > 0;
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
        if (e.computed != null) {
            return e.computed;
        }
        try {
            // read as stored, whatever bound request bodies have since gained
            return mapper.readerFor(StoredResult.class).withAttribute(BoundedDecimal.STORED_DATA, Boolean.TRUE).readValue(e.result);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored evaluation " + e.id + " is unreadable", ex);
        }
    }

    private byte[] utf8(Object o) {
        try {
            return mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
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
