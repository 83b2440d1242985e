package cn.jixiao.submission.filing;

import cn.jixiao.submission.cycle.CycleService;
import cn.jixiao.submission.cycle.EvaluationCycle;
import cn.jixiao.submission.filing.FilingApi.FilingPage;
import cn.jixiao.submission.filing.FilingApi.FilingSummary;
import cn.jixiao.submission.filing.FilingApi.FilingView;
import cn.jixiao.submission.filing.FilingApi.RevisionView;
import cn.jixiao.submission.history.FilingHistory;
import cn.jixiao.submission.observability.RequestIds;
import cn.jixiao.submission.history.FilingHistory.Action;
import cn.jixiao.submission.outbox.Outbox;
import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.ApiException.Violation;
import cn.jixiao.submission.problem.ProblemType;
import cn.jixiao.submission.problem.Text;
import cn.jixiao.submission.security.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The filing workflow: drafts, submission, return and acceptance, with the department isolation
 * and the If-Match discipline every change goes through. Each change appends to the history
 * in the same transaction; a submission also records "filing submitted" in the outbox.
 */
@ApplicationScoped
public class FilingService {

    @Inject
    Caller caller;

    @Inject
    FilingJson json;

    @Inject
    FilingStore store;

    @Inject
    CycleService cycles;

    @Inject
    FilingHistory history;

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry metrics;

    // --- reads ------------------------------------------------------------------------------

    /** The filing if this caller may read it; otherwise exactly as if it did not exist. */
    public Filing readable(UUID id) {
        Filing f = Filing.findById(id);
        if (f == null || !caller.mayRead(f.departmentCode)) {
            throw ApiException.notFound("filing", id);
        }
        return f;
    }

    public FilingPage list(String departmentCode, Integer fiscalYear, Long cycleId, Filing.Status status, int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (!caller.seesAllDepartments()) {
            // a filer's own department, whatever the query asks
            where.append(" and departmentCode = :own");
            params.and("own", caller.department());
        }
        if (departmentCode != null) {
            where.append(" and departmentCode = :dept");
            params.and("dept", departmentCode);
        }
        if (fiscalYear != null) {
            where.append(" and fiscalYear = :year");
            params.and("year", fiscalYear);
        }
        if (cycleId != null) {
            where.append(" and cycleId = :cycle");
            params.and("cycle", cycleId);
        }
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        PanacheQuery<Filing> q = Filing.find(where + " order by fiscalYear desc, departmentCode, id", params)
                .page(Page.of(page, size));
        List<FilingSummary> items = q.list().stream().map(FilingService::summary).toList();
        long total = q.count();
        return new FilingPage(items, page, size, total, (int) ((total + size - 1) / size));
    }

    /** The filing as the API shows it, read without a transaction or the ORM (the busiest read). */
    public FilingView read(UUID id) {
        FilingStore.StoredFiling f = store.find(id)
                .filter(row -> caller.mayRead(row.departmentCode()))
                .orElseThrow(() -> ApiException.notFound("filing", id));
        return new FilingView(f.id(), f.departmentCode(), f.cycleId(), f.fiscalYear(), f.status(), f.revision(),
                RawJson.stored(f.content()), RawJson.stored(f.financeTotals()), f.contentSha256(), f.returnReason(),
                f.submitUntil(), f.createdAt(), f.createdBy(), f.updatedAt(), f.submittedAt(), f.version());
    }

    public FilingView view(Filing f) {
        return new FilingView(f.id, f.departmentCode, f.cycleId, f.fiscalYear, f.status.name(), f.revision,
                RawJson.stored(f.content), RawJson.stored(f.financeTotals), f.contentSha256, f.returnReason,
                f.submitUntil, f.createdAt, f.createdBy, f.updatedAt, f.submittedAt, f.version);
    }

    public List<Violation> validate(Filing f) {
        return validate(f, json.read(f.content));
    }

    private List<Violation> validate(Filing f, FilingContent content) {
        EvaluationCycle cycle = EvaluationCycle.findById(f.cycleId);
        // the codes alone, in one query, rather than the department and then its collection
        Set<String> subUnits = Set.copyOf(Filing.getEntityManager()
                .createQuery("select s.code from SubUnit s where s.department.code = :department", String.class)
                .setParameter("department", f.departmentCode).getResultList());
        Map<String, BigDecimal> points = cycles.indicatorPoints(cycle);
        return FilingValidator.validate(content, subUnits, points);
    }

    public List<FilingRevision> revisions(UUID id) {
        readable(id);
        return FilingRevision.list("filingId = ?1 order by revision", id);
    }

    public RevisionView revision(UUID id, int n) {
        Filing f = readable(id);
        FilingRevision r = FilingRevision.find("filingId = ?1 and revision = ?2", id, n).firstResult();
        if (r == null) {
            throw ApiException.notFound("revision", id + "/" + n);
        }
        FilingContent content = json.read(r.content);
        return new RevisionView(f.id, f.departmentCode, f.cycleId, f.fiscalYear, r.revision, RawJson.stored(r.content),
                FinanceTotals.of(content.finance()), r.contentSha256, r.submittedAt, r.submittedBy);
    }

    // --- changes ----------------------------------------------------------------------------

    /**
     * Starts a draft for the filer's own department. No transaction: one statement checks the
     * cycle and the department and inserts (FilingStore.insertDraft), and the unique constraint on
     * (department, cycle) settles a race between two creates of one department. Only such a rival,
     * not yet committed, makes a create wait, and only at that index, not on a lock of the
     * department's row.
     */
    public FilingView create(Long cycleId, String requestedDepartment, FilingContent content) {
        String own = caller.department();
        if (own == null) {
            throw new ApiException(ProblemType.FORBIDDEN,
                    Text.of("令牌中没有部门（department）声明", "The token names no department"));
        }
        if (requestedDepartment != null && !requestedDepartment.equals(own)) {
            throw new ApiException(ProblemType.FORBIDDEN,
                    Text.of("只能为本部门 " + own + " 填报", "You may only file for your own department " + own),
                    List.of(new Violation("$.departmentCode", "not-own-department",
                            Text.of("不是您所在的部门", "not your department"))));
        }
        OffsetDateTime now = now();
        UUID id = UUID.randomUUID();
        // written as UTF-8 once, for the hash, the insert and the response alike
        byte[] utf8 = json.writeUtf8(content);
        String sha = FilingJson.sha256(utf8);
        String totals = json.writeTotals(content == null ? null : FinanceTotals.of(content.finance()));
        String actor = caller.name();
        FilingStore.DraftAttempt attempt = store.insertDraft(id, own, cycleId, utf8, sha, totals, now, actor);
        if (!attempt.cycleFound()) {
            throw ApiException.invalid("$.cycleId", "unknown-cycle",
                    Text.of("评价批次 " + cycleId + " 不存在", "No evaluation cycle " + cycleId));
        }
        if (!attempt.departmentRegistered()) {
            throw new ApiException(ProblemType.CONFLICT,
                    Text.of("部门 " + own + " 尚未登记，请联系财政局管理员", "Department " + own + " is not registered; ask the bureau's administrator"));
        }
        if (!attempt.inserted()) {
            // the filing already there, or another create of the department in this cycle that
            // committed after the statement began, which its snapshot cannot see
            throw duplicate(attempt.existing() != null ? attempt.existing() : store.existing(own, cycleId)
                    .orElseThrow(() -> new IllegalStateException("filing of " + own + " in cycle " + cycleId + " refused as duplicate, yet not found")));
        }
        return new FilingView(id, own, cycleId, attempt.fiscalYear(), Filing.Status.DRAFT.name(), 1, RawJson.utf8(utf8), RawJson.of(totals), sha,
                null, null, now, actor, now, null, 0);
    }

    @Transactional
    public Filing update(UUID id, String ifMatch, FilingContent content) {
        Filing f = lockedForFiler(id, ifMatch);
        if (!f.editable()) {
            throw immutable(f);
        }
        byte[] utf8 = json.writeUtf8(content);
        OffsetDateTime now = now();
        f.content = new String(utf8, StandardCharsets.UTF_8);
        f.contentSha256 = FilingJson.sha256(utf8);
        f.financeTotals = json.writeTotals(FinanceTotals.of(content.finance()));
        f.updatedAt = now;
        history.append(f.id, f.revision, Action.UPDATED, caller.name(), caller.department(), f.contentSha256, null, now);
        return flushed(f);
    }

    /**
     * Freezes the current content as a revision and records the FilingSubmitted message, whose
     * payload the database builds from the stored rows (FilingStore): the busiest change in a
     * deadline week, and the one whose content would otherwise be copied through Java three times.
     */
    @Transactional
    public FilingView submit(UUID id, String ifMatch) {
        // the deadline is met by the request's arrival, not by the moment a lock it waited for
        // (an import's, a reviewer's) was released
        OffsetDateTime arrived = now();
        FilingStore.SubmitCandidate candidate = store.lockForSubmit(id)
                .filter(row -> caller.mayRead(row.filing().departmentCode()))
                .orElseThrow(() -> ApiException.notFound("filing", id));
        FilingStore.StoredFiling f = candidate.filing();
        if (!caller.mayFileFor(f.departmentCode())) {
            throw new ApiException(ProblemType.FORBIDDEN,
                    Text.of("只有本部门的填报人员可以修改或提交填报", "Only the department's filers may change or submit its filing"));
        }
        ETags.check(ifMatch, f.version());
        Filing.Status status = Filing.Status.valueOf(f.status());
        if (status != Filing.Status.DRAFT && status != Filing.Status.RETURNED) {
            throw new ApiException(ProblemType.CONFLICT, Text.of("填报状态为 " + f.status() + "，不能提交",
                    "A filing in status " + f.status() + " cannot be submitted"));
        }
        OffsetDateTime now = now();
        OffsetDateTime until = f.submitUntil() != null && f.submitUntil().isAfter(candidate.deadline()) ? f.submitUntil() : candidate.deadline();
        // to the second: a deadline of 23:59:59 takes a submit at 23:59:59.4
        if (arrived.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isAfter(until)) {
            String local = localTime(until);
            throw new ApiException(ProblemType.DEADLINE_PASSED,
                    Text.of("已超过截止时间 " + local + "，需复核人员重新开放后才能提交", "The deadline " + local + " has passed; a reviewer must reopen the filing"));
        }
        List<Violation> problems = FilingValidator.validate(json.read(f.content()), candidate.subUnits(),
                cycles.indicatorPoints(f.cycleId(), candidate.indicatorPoints()));
        if (!problems.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION_FAILED,
                    Text.of("填报有 " + problems.size() + " 处问题，不能提交", "The filing has " + problems.size() + " problem(s) and cannot be submitted"),
                    problems);
        }
        UUID messageId = UUID.randomUUID();
        long version = store.submit(id, caller.name(), caller.department(),
                new FilingStore.SubmittedMessage(messageId, Outbox.FILING_SUBMITTED, now, RequestIds.current()));
        outbox.announce(messageId, Outbox.FILING_SUBMITTED);
        metrics.counter("jixiao.filings.submitted").increment();
        return new FilingView(id, f.departmentCode(), f.cycleId(), f.fiscalYear(), Filing.Status.SUBMITTED.name(), f.revision(),
                RawJson.stored(f.content()), RawJson.stored(f.financeTotals()), f.contentSha256(), null,
                f.submitUntil(), f.createdAt(), f.createdBy(), now, now, version);
    }

    @Transactional
    public Filing returnToFiler(UUID id, String ifMatch, String reason, OffsetDateTime resubmitUntil) {
        Filing f = lockedForReviewer(id, ifMatch);
        if (f.status != Filing.Status.SUBMITTED) {
            throw new ApiException(ProblemType.CONFLICT, Text.of("只有已提交的填报可以退回（当前 " + f.status + "）",
                    "Only a submitted filing can be returned (it is " + f.status + ")"));
        }
        OffsetDateTime now = now();
        EvaluationCycle cycle = EvaluationCycle.findById(f.cycleId);
        if (resubmitUntil == null) {
            OffsetDateTime twoWeeks = now.plusDays(14);
            resubmitUntil = cycle.deadline.isAfter(twoWeeks) ? cycle.deadline : twoWeeks;
        } else if (!resubmitUntil.isAfter(now)) {
            throw ApiException.invalid("$.resubmitUntil", "in-the-past",
                    Text.of("重新提交期限必须晚于当前时间", "resubmitUntil must be in the future"));
        }
        // recorded as applied: a resubmission is open until the cycle's own deadline whatever is asked
        resubmitUntil = effective(resubmitUntil, cycle.deadline);
        f.status = Filing.Status.RETURNED;
        f.returnReason = reason;
        f.submitUntil = resubmitUntil;
        f.revision = f.revision + 1;
        f.updatedAt = now;
        // the deadline granted goes into the history as a reopen's does: a later reopen or return
        // replaces it on the filing, and the history is then the only record of it
        history.append(f.id, f.revision, Action.RETURNED, caller.name(), caller.department(), f.contentSha256,
                "until " + localTime(resubmitUntil) + ": " + reason, now);
        return flushed(f);
    }

    @Transactional
    public Filing accept(UUID id, String ifMatch) {
        Filing f = lockedForReviewer(id, ifMatch);
        if (f.status != Filing.Status.SUBMITTED) {
            throw new ApiException(ProblemType.CONFLICT, Text.of("只有已提交的填报可以验收（当前 " + f.status + "）",
                    "Only a submitted filing can be accepted (it is " + f.status + ")"));
        }
        OffsetDateTime now = now();
        f.status = Filing.Status.ACCEPTED;
        f.updatedAt = now;
        history.append(f.id, f.revision, Action.ACCEPTED, caller.name(), caller.department(), f.contentSha256, null, now);
        return flushed(f);
    }

    @Transactional
    public Filing reopen(UUID id, String ifMatch, OffsetDateTime until, String reason) {
        Filing f = lockedForReviewer(id, ifMatch);
        if (!f.editable()) {
            throw new ApiException(ProblemType.CONFLICT, Text.of("只有草稿或已退回的填报可以重新开放（当前 " + f.status + "）",
                    "Only a draft or returned filing can be reopened (it is " + f.status + ")"));
        }
        OffsetDateTime now = now();
        if (!until.isAfter(now)) {
            throw ApiException.invalid("$.until", "in-the-past", Text.of("开放期限必须晚于当前时间", "until must be in the future"));
        }
        EvaluationCycle cycle = EvaluationCycle.findById(f.cycleId);
        until = effective(until, cycle.deadline);
        f.submitUntil = until;
        f.updatedAt = now;
        history.append(f.id, f.revision, Action.REOPENED, caller.name(), caller.department(), f.contentSha256,
                "until " + localTime(until) + (reason == null ? "" : ": " + reason), now);
        return flushed(f);
    }

    // --- helpers ----------------------------------------------------------------------------

    /** Now, in microseconds as the database keeps time: an answer then names the stored instant exactly. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** The bureaus' own time (UTC+8), in which a deadline is read; the driver hands stored instants back in UTC. */
    static String localTime(OffsetDateTime t) {
        // seconds always written (toString left out ":00"), so every entry reads alike
        return t.atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).toOffsetDateTime()
                .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** The later of a deadline granted and the cycle's own: what submit applies, so the one recorded. */
    private static OffsetDateTime effective(OffsetDateTime granted, OffsetDateTime cycleDeadline) {
        return cycleDeadline != null && cycleDeadline.isAfter(granted) ? cycleDeadline : granted;
    }

    private Filing lockedForFiler(UUID id, String ifMatch) {
        Filing f = lockedReadable(id);
        if (!caller.mayFileFor(f.departmentCode)) {
            throw new ApiException(ProblemType.FORBIDDEN,
                    Text.of("只有本部门的填报人员可以修改或提交填报", "Only the department's filers may change or submit its filing"));
        }
        ETags.check(ifMatch, f.version);
        return f;
    }

    private Filing lockedForReviewer(UUID id, String ifMatch) {
        Filing f = lockedReadable(id);
        if (!caller.has(Caller.REVIEWER)) {
            throw new ApiException(ProblemType.FORBIDDEN,
                    Text.of("只有财政局复核人员可以执行此操作", "Only the bureau's reviewers may do this"));
        }
        ETags.check(ifMatch, f.version);
        return f;
    }

    /** Locks the row so that concurrent changes are serialized and each sees the other's ETag. */
    private Filing lockedReadable(UUID id) {
        Filing f = Filing.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (f == null || !caller.mayRead(f.departmentCode)) {
            throw ApiException.notFound("filing", id);
        }
        return f;
    }

    /** Flushes so the version (ETag) returned is the one stored. */
    private static Filing flushed(Filing f) {
        Filing.flush();
        return f;
    }

    private static ApiException duplicate(UUID existing) {
        return new ApiException(ProblemType.CONFLICT,
                Text.of("本部门在该评价批次已有填报 " + existing, "Your department already has filing " + existing + " in this cycle"),
                List.of(new Violation("$.cycleId", "duplicate", Text.of("每个批次每个部门只有一份填报", "one filing per department and cycle"))),
                Map.of("Location", "/api/v1/filings/" + existing));
    }

    private static ApiException immutable(Filing f) {
        return new ApiException(ProblemType.CONFLICT, Text.of(
                "填报状态为 " + f.status + "，已提交的版本不可修改；如需修改请由复核人员退回",
                "The filing is " + f.status + ": a submitted revision never changes; a reviewer must return it first"));
    }

    static FilingSummary summary(Filing f) {
        return new FilingSummary(f.id, f.departmentCode, f.cycleId, f.fiscalYear, f.status.name(), f.revision,
                f.contentSha256, f.updatedAt, f.submittedAt);
    }

}
