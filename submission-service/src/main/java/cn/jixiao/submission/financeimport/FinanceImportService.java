package cn.jixiao.submission.financeimport;

import cn.jixiao.submission.filing.Filing;
import cn.jixiao.submission.filing.FilingContent;
import cn.jixiao.submission.filing.FilingContent.SubUnitFinance;
import cn.jixiao.submission.filing.FilingJson;
import cn.jixiao.submission.filing.FilingValidator;
import cn.jixiao.submission.filing.FinanceTotals;
import cn.jixiao.submission.financeimport.FinanceImportApi.AppliedFiling;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceImport;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceImportResult;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceItem;
import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.ApiException.Violation;
import cn.jixiao.submission.problem.ProblemType;
import cn.jixiao.submission.problem.Text;
import cn.jixiao.submission.security.Caller;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.hibernate.Session;

/**
 * Applies a batch of finance figures from an accounting system to the departments' draft
 * filings, all or nothing: every item is checked first, and one bad item refuses the batch.
 *
 * <p>Set-based: the batch's departments and sub-units are read by one query, its filings locked
 * by one, and the new contents, their history entries and the version bumps written by one
 * statement per {@value #WRITE_CHUNK} filings. Loading and flushing an entity per department made
 * 2,000 departments take 4 s (docs/performance.md, target 6).
 *
 * <p>Pipelined: while the drafts are locked, workers read the sub-units (on a connection of their
 * own) and check the finance rules; while the database writes one chunk, a worker merges the
 * figures into the next chunk's contents. Every write is made by the request's own thread, in its
 * transaction.
 */
@ApplicationScoped
public class FinanceImportService {

    /**
     * Filings per write statement: small enough that the first chunk's merge, which nothing
     * overlaps, is short, and large enough that a statement's fixed cost is shared by many rows.
     */
    static final int WRITE_CHUNK = 250;

    // joined to the codes rather than filtered by "= ANY(?)": while the table's statistics are
    // stale (departments registered minutes before), the planner scans it and compares every row
    // with the whole array, 46 ms for 2,000 codes against 2 ms with fresh statistics
    private static final String SUB_UNITS = "SELECT d.code, s.code, s.name FROM unnest(?::varchar[]) AS c(code) "
            + "JOIN department d ON d.code = c.code LEFT JOIN sub_unit s ON s.department_code = d.code ORDER BY d.code, s.position";

    // locked in one order by every import, so two imports never wait on each other in a cycle
    private static final String DRAFTS = "SELECT id, department_code, status, revision, content FROM filing "
            + "WHERE department_code = ANY(?) AND fiscal_year = ? AND (?::bigint IS NULL OR cycle_id = ?::bigint) "
            + "ORDER BY department_code, id FOR UPDATE";

    // the contents travel as the UTF-8 bytes their hash was computed over (bytea), not as strings
    // the driver would encode again
    private static final String WRITE = "WITH item AS ("
            + "SELECT * FROM unnest(?::uuid[], ?::bytea[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY "
            + "AS i(id, content, sha, totals, detail, n)), "
            + "updated AS (UPDATE filing f SET content = convert_from(item.content, 'UTF8'), content_sha256 = item.sha, "
            + "finance_totals = item.totals::jsonb, updated_at = ?, version = f.version + 1 "
            + "FROM item WHERE f.id = item.id RETURNING f.id, f.revision, f.version, item.sha, item.detail, item.n), "
            + "history AS (INSERT INTO filing_history (filing_id, revision, action, actor, actor_department, at, content_sha256, detail) "
            + "SELECT id, revision, 'FINANCE_IMPORTED', ?, NULL, ?, sha, detail FROM updated ORDER BY n) "
            + "SELECT id, version FROM updated";

    @Inject
    Caller caller;

    @Inject
    FilingJson json;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource db;

    /**
     * Imports applied at once. Each holds its transaction's connection and, while its drafts are
     * locked, a second one for the sub-unit read: bounded, imports can never hold the whole pool
     * while their sub-unit reads wait for a connection. Imports waiting for their turn hold none
     * yet (their transaction has not touched the database).
     */
    static final int AT_ONCE = 2;

    private final Semaphore turns = new Semaphore(AT_ONCE, true);

    // an import's side work: the sub-unit read and the figure checks at its start, then one merge
    // at a time ahead of its writes, so that merging takes the core the database leaves free
    // instead of competing with the database for it; a thread per import applied at once
    private ExecutorService merging;

    @PostConstruct
    void start() {
        AtomicInteger n = new AtomicInteger();
        merging = Executors.newFixedThreadPool(AT_ONCE, r -> {
            Thread t = new Thread(r, "finance-import-merge-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        merging.shutdownNow();
    }

    /** A filing of one of the batch's departments in the fiscal year (and cycle), as locked. */
    private record Candidate(UUID id, String status, int revision, byte[] content) {
        boolean editable() {
            return Filing.Status.DRAFT.name().equals(status) || Filing.Status.RETURNED.name().equals(status);
        }
    }

    /** New content of one filing, and the detail of its history entry. */
    private record Change(String departmentCode, UUID id, byte[] content, String sha, String totals, List<String> subUnits,
            String detail) {
    }

    /**
     * Runs inside the caller's transaction, which also stores the idempotent response; that
     * transaction must be fresh (the resource's own), as the sub-units are read beside it and see
     * committed rows only. An import waiting for its turn does so inside that transaction, whose
     * timeout (60 s by default) therefore bounds the wait too.
     */
    public FinanceImportResult apply(FinanceImport request, String idempotencyKey) {
        boolean turn;
        try {
            turn = turns.tryAcquire(turnWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            // well inside the transaction's timeout: a wait the reaper ended would go on without
            // the transaction, and its writes would no longer be all or nothing
            throw new ApiException(ProblemType.SERVICE_BUSY, Text.of("同时进行的导入过多，请稍后用同一 Idempotency-Key 重试",
                    "Too many imports at once; retry later with the same Idempotency-Key"), List.of(), Map.of("Retry-After", "5"));
        }
        try {
            return applyInTurn(request, idempotencyKey);
        } finally {
            turns.release();
        }
    }

    /** Problems listed in a refusal; the count of all is in its detail. */
    static final int MAX_PROBLEMS = 500;

    /** How long an import waits for its turn before it is answered 503: well under the transaction's 60 s. */
    @ConfigProperty(name = "jixiao.import.turn-wait", defaultValue = "20s")
    java.time.Duration turnWait;

    /** The turns, for a test that must see every one taken. */
    Semaphore turns() {
        return turns;
    }

    private FinanceImportResult applyInTurn(FinanceImport request, String idempotencyKey) {
        List<FinanceItem> items = request.items();
        // group by department in a stable order (that of the problems and of the result)
        Map<String, List<Integer>> byDepartment = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            byDepartment.computeIfAbsent(items.get(i).departmentCode(), k -> new ArrayList<>()).add(i);
        }
        authorize(items, byDepartment);
        Session session = em.unwrap(Session.class);
        if (request.cycleId() == null) {
            // a year of several cycles needs the one named, even where a department has a draft in
            // only one of them: the figures of a supplementary cycle's filing are not the year's
            List<Long> cycles = session.doReturningWork(c -> cyclesOf(c, request.fiscalYear()));
            if (cycles.size() > 1) {
                throw onlyProblem(new Violation("$.cycleId", "ambiguous",
                        Text.of(request.fiscalYear() + " 年度有多个评价批次 " + cycles + "，请用 cycleId 指定其一",
                                request.fiscalYear() + " has several evaluation cycles " + cycles + "; name one with cycleId")));
            }
        } else {
            // a cycle that does not exist, or is another year's, is the field to name: every
            // department would otherwise be reported as having no draft
            Integer year = session.doReturningWork(c -> yearOf(c, request.cycleId()));
            if (year == null || year.intValue() != request.fiscalYear().intValue()) {
                Text why = year == null
                        ? Text.of("评价批次 " + request.cycleId() + " 不存在", "There is no evaluation cycle " + request.cycleId())
                        : Text.of("评价批次 " + request.cycleId() + " 属于 " + year + " 年度，不是 " + request.fiscalYear() + " 年度",
                                "Evaluation cycle " + request.cycleId() + " is of " + year + ", not " + request.fiscalYear());
                throw onlyProblem(new Violation("$.cycleId", "unknown-cycle", why));
            }
        }

        String[] codes = byDepartment.keySet().toArray(String[]::new);
        // the sub-units are read on a connection of their own while this transaction locks the
        // drafts: neither read locks a department or sub-unit, so under READ COMMITTED the import
        // sees the same committed rows either way, and the two queries take one core each
        Future<Map<String, Map<String, String>>> subUnitsRead = merging.submit(() -> {
            try (Connection c = db.getConnection()) {
                return subUnits(c, codes);
            }
        });
        // a failure below leaves the worker's tasks to end on their own: they only read and compute
        Future<List<Violation>> figures = merging.submit(() -> figureProblems(items));
        Map<String, List<Candidate>> candidates = session.doReturningWork(c -> lockFilings(c, codes, request));
        Map<String, Map<String, String>> subUnitNames = result(subUnitsRead);
        List<Violation> problems = new ArrayList<>(result(figures));
        Map<String, Candidate> drafts = new LinkedHashMap<>();
        for (var entry : byDepartment.entrySet()) {
            String dept = entry.getKey();
            int first = entry.getValue().get(0);
            Map<String, String> subUnits = subUnitNames.get(dept);
            if (subUnits == null) {
                problems.add(new Violation("$.items[" + first + "].departmentCode", "unknown-department",
                        Text.of("部门 " + dept + " 不存在", "No department " + dept)));
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (int i : entry.getValue()) {
                String code = items.get(i).subUnitCode();
                if (!subUnits.containsKey(code)) {
                    problems.add(new Violation("$.items[" + i + "].subUnitCode", "unknown-sub-unit",
                            Text.of(code + " 不是部门 " + dept + " 的下属单位", code + " is not a sub-unit of " + dept)));
                } else if (!seen.add(code)) {
                    problems.add(new Violation("$.items[" + i + "].subUnitCode", "duplicate",
                            Text.of("同一批次中单位 " + code + " 出现两次", "sub-unit " + code + " appears twice in the batch")));
                }
            }
            Candidate draft = draft(dept, request, first, candidates.getOrDefault(dept, List.of()), problems);
            if (draft != null) {
                drafts.put(dept, draft);
            }
        }
        if (!problems.isEmpty()) {
            // a batch of empty items could list 200,000 problems: 20 MB of answer, kept for its key
            String shown = problems.size() > MAX_PROBLEMS ? "，列出前 " + MAX_PROBLEMS + " 处" : "";
            String shownEn = problems.size() > MAX_PROBLEMS ? "; the first " + MAX_PROBLEMS + " are listed" : "";
            throw new ApiException(ProblemType.VALIDATION_FAILED,
                    Text.of("导入批次有 " + problems.size() + " 处问题" + shown + "，未做任何修改",
                            "The batch has " + problems.size() + " problem(s)" + shownEn + "; nothing was applied"),
                    problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
        }

        OffsetDateTime now = OffsetDateTime.now();
        String actor = caller.name();
        List<String> departments = List.copyOf(byDepartment.keySet());
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < departments.size(); from += WRITE_CHUNK) {
            chunks.add(departments.subList(from, Math.min(departments.size(), from + WRITE_CHUNK)));
        }
        List<Change> changes = new ArrayList<>(drafts.size());
        Map<UUID, Long> versions = new HashMap<>();
        Future<List<Change>> next = merging.submit(() -> merge(chunks.get(0), items, byDepartment, drafts, subUnitNames, idempotencyKey));
        for (int k = 0; k < chunks.size(); k++) {
            List<Change> chunk = result(next);
            List<String> following = k + 1 < chunks.size() ? chunks.get(k + 1) : null;
            next = following == null ? null
                    : merging.submit(() -> merge(following, items, byDepartment, drafts, subUnitNames, idempotencyKey));
            changes.addAll(chunk);
            versions.putAll(session.doReturningWork(c -> write(c, chunk, actor, now)));
        }
        List<AppliedFiling> applied = changes.stream()
                .map(ch -> new AppliedFiling(ch.departmentCode(), ch.id(), ch.subUnits(), versions.get(ch.id())))
                .toList();
        return new FinanceImportResult(request.fiscalYear(), items.size(), applied);
    }

    /** The new contents of a chunk of departments' drafts: their figures merged in, hashed, totalled. */
    private List<Change> merge(List<String> departments, List<FinanceItem> items, Map<String, List<Integer>> byDepartment,
            Map<String, Candidate> drafts, Map<String, Map<String, String>> subUnitNames, String idempotencyKey) {
        List<Change> changes = new ArrayList<>(departments.size());
        for (String dept : departments) {
            Candidate draft = drafts.get(dept);
            Map<String, String> names = subUnitNames.get(dept);
            FilingContent content = json.read(draft.content());
            List<SubUnitFinance> finance = content.finance() == null ? new ArrayList<>() : new ArrayList<>(content.finance());
            List<String> subUnits = new ArrayList<>();
            for (int i : byDepartment.get(dept)) {
                FinanceItem item = items.get(i);
                SubUnitFinance figures = new SubUnitFinance(item.subUnitCode(), names.get(item.subUnitCode()), item.income(),
                        item.expenditure(), item.threePublic(), item.fixedAssets());
                int at = indexOf(finance, item.subUnitCode());
                if (at >= 0) {
                    finance.set(at, figures);
                } else {
                    finance.add(figures);
                }
                subUnits.add(item.subUnitCode());
            }
            FilingContent updated = new FilingContent(content.basicInfo(), finance, content.baseData(), content.qualitativeGoals(),
                    content.quantitativeIndicators(), content.selfEvaluation(), content.report());
            byte[] written = json.writeUtf8(updated);
            changes.add(new Change(dept, draft.id(), written, FilingJson.sha256(written), json.writeTotals(FinanceTotals.of(finance)),
                    List.copyOf(subUnits), "Idempotency-Key " + idempotencyKey + "; sub-units " + String.join(",", subUnits)));
        }
        return changes;
    }

    /**
     * A worker's result on the request's thread: an unchecked failure rethrown as it was thrown
     * (a client's error stays one), a checked one (the sub-unit read's SQLException) wrapped, to
     * end as the 500 a database failure is.
     */
    private static <T> T result(Future<T> work) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("finance import interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("finance import failed", e.getCause());
        }
    }

    /** Department code → its sub-units (code → name); a department not registered is absent. */
    private static Map<String, Map<String, String>> subUnits(Connection c, String[] codes) throws SQLException {
        Map<String, Map<String, String>> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SUB_UNITS)) {
            ps.setArray(1, c.createArrayOf("varchar", codes));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> units = result.computeIfAbsent(rs.getString(1), k -> new HashMap<>());
                    String code = rs.getString(2);
                    if (code != null) {
                        units.put(code, rs.getString(3));
                    }
                }
            }
        }
        return result;
    }

    /** Locks every filing of the batch's departments in its fiscal year (and cycle). */
    private static Map<String, List<Candidate>> lockFilings(Connection c, String[] codes, FinanceImport request) throws SQLException {
        Map<String, List<Candidate>> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(DRAFTS)) {
            ps.setArray(1, c.createArrayOf("varchar", codes));
            ps.setInt(2, request.fiscalYear());
            ps.setObject(3, request.cycleId(), Types.BIGINT);
            ps.setObject(4, request.cycleId(), Types.BIGINT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(new Candidate(rs.getObject(1, UUID.class), rs.getString(3), rs.getInt(4), rs.getBytes(5)));
                }
            }
        }
        return result;
    }

    /** Writes the new contents, bumps the versions (ETags) and appends the history; filing id → new version. */
    private static Map<UUID, Long> write(Connection c, List<Change> chunk, String actor, OffsetDateTime now)
            throws SQLException {
        int n = chunk.size();
        UUID[] ids = new UUID[n];
        byte[][] contents = new byte[n][];
        String[] shas = new String[n];
        String[] totals = new String[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            Change ch = chunk.get(i);
            ids[i] = ch.id();
            contents[i] = ch.content();
            shas[i] = ch.sha();
            totals[i] = ch.totals();
            details[i] = ch.detail();
        }
        Map<UUID, Long> versions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(WRITE)) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("bytea", contents));
            ps.setArray(3, c.createArrayOf("text", shas));
            ps.setArray(4, c.createArrayOf("text", totals));
            ps.setArray(5, c.createArrayOf("text", details));
            ps.setObject(6, now);
            ps.setString(7, actor);
            ps.setObject(8, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
        }
        if (versions.size() != n) {
            // the rows are locked since they were read; a missing one is a bug, not a client error
            throw new IllegalStateException("finance import updated " + versions.size() + " of " + n + " filings");
        }
        return versions;
    }

    /** A batch refused for one problem of the whole request, before any item is looked at. */
    private static ApiException onlyProblem(Violation problem) {
        return new ApiException(ProblemType.VALIDATION_FAILED,
                Text.of("导入批次有 1 处问题，未做任何修改", "The batch has 1 problem(s); nothing was applied"), List.of(problem));
    }

    private static Integer yearOf(Connection c, long cycleId) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fiscal_year FROM evaluation_cycle WHERE id = ?")) {
            ps.setLong(1, cycleId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private static List<Long> cyclesOf(Connection c, int fiscalYear) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM evaluation_cycle WHERE fiscal_year = ? ORDER BY id LIMIT 20")) {
            ps.setInt(1, fiscalYear);
            List<Long> ids = new ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    private void authorize(List<FinanceItem> items, Map<String, List<Integer>> byDepartment) {
        if (caller.has(Caller.ADMIN)) {
            return;
        }
        Set<String> allowed = caller.integrationDepartments();
        List<Violation> refused = new ArrayList<>();
        for (var entry : byDepartment.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                refused.add(new Violation("$.items[" + entry.getValue().get(0) + "].departmentCode", "not-permitted",
                        Text.of("此账户无权为部门 " + entry.getKey() + " 导入数据", "This account may not write department " + entry.getKey())));
            }
        }
        if (!refused.isEmpty()) {
            throw new ApiException(ProblemType.FORBIDDEN,
                    Text.of("批次中有此账户无权写入的部门，未做任何修改", "The batch names departments this account may not write; nothing was applied"),
                    refused);
        }
    }

    private static Candidate draft(String dept, FinanceImport request, int itemIndex, List<Candidate> candidates, List<Violation> problems) {
        String path = "$.items[" + itemIndex + "].departmentCode";
        if (candidates.isEmpty()) {
            problems.add(new Violation(path, "no-draft", Text.of("部门 " + dept + " 在 " + request.fiscalYear() + " 年度没有填报草稿",
                    "Department " + dept + " has no filing for " + request.fiscalYear())));
            return null;
        }
        if (candidates.size() > 1) {
            problems.add(new Violation("$.cycleId", "ambiguous", Text.of("该年度有多个评价批次，请指定 cycleId",
                    "The fiscal year has several cycles; give cycleId")));
            return null;
        }
        Candidate f = candidates.get(0);
        if (!f.editable()) {
            problems.add(new Violation(path, "not-draft", Text.of("部门 " + dept + " 的填报已提交（" + f.status() + "），不能导入",
                    "Department " + dept + "'s filing is " + f.status() + " and can no longer take figures")));
            return null;
        }
        return f;
    }

    /** The finance rules of a filing (sums, signs, decimals), applied to each item. */
    private static List<Violation> figureProblems(List<FinanceItem> items) {
        List<SubUnitFinance> asFinance = items.stream()
                .map(i -> new SubUnitFinance(i.subUnitCode(), null, i.income(), i.expenditure(), i.threePublic(), i.fixedAssets()))
                .toList();
        Set<String> codes = items.stream().map(FinanceItem::subUnitCode).collect(Collectors.toSet());
        FilingContent onlyFinance = new FilingContent(null, asFinance, null, null, null, null, null);
        List<Violation> result = new ArrayList<>();
        for (Violation v : FilingValidator.validate(onlyFinance, codes, Map.of())) {
            // sub-unit membership and duplicates are checked per department below
            if (v.field().startsWith("$.finance[") && !v.field().endsWith(".subUnitCode")) {
                result.add(new Violation("$.items[" + v.field().substring("$.finance[".length()), v.code(), v.message()));
            }
        }
        return result;
    }

    private static int indexOf(List<SubUnitFinance> finance, String code) {
        for (int i = 0; i < finance.size(); i++) {
            if (finance.get(i) != null && code.equals(finance.get(i).subUnitCode())) {
                return i;
            }
        }
        return -1;
    }
}
