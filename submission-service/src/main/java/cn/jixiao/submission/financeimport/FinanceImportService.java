package cn.jixiao.submission.financeimport;

import cn.jixiao.submission.department.Department;
import cn.jixiao.submission.filing.Filing;
import cn.jixiao.submission.filing.FilingContent;
import cn.jixiao.submission.filing.FilingContent.SubUnitFinance;
import cn.jixiao.submission.filing.FilingJson;
import cn.jixiao.submission.filing.FilingValidator;
import cn.jixiao.submission.financeimport.FinanceImportApi.AppliedFiling;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceImport;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceImportResult;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceItem;
import cn.jixiao.submission.history.FilingHistory;
import cn.jixiao.submission.history.FilingHistory.Action;
import cn.jixiao.submission.problem.ApiException;
import cn.jixiao.submission.problem.ApiException.Violation;
import cn.jixiao.submission.problem.ProblemType;
import cn.jixiao.submission.problem.Text;
import cn.jixiao.submission.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Applies a batch of finance figures from an accounting system to the departments' draft
 * filings, all or nothing: every item is checked first, and one bad item refuses the batch.
 */
@ApplicationScoped
public class FinanceImportService {

    @Inject
    Caller caller;

    @Inject
    FilingJson json;

    @Inject
    FilingHistory history;

    /** Runs inside the caller's transaction, which also stores the idempotent response. */
    public FinanceImportResult apply(FinanceImport request, String idempotencyKey) {
        // every query below reads rows this transaction has not changed yet; without this, each of
        // the per-department queries would first dirty-check every filing already loaded
        // (quadratic in the batch: measured in docs/performance.md, target 6)
        Filing.getEntityManager().setFlushMode(FlushModeType.COMMIT);
        List<FinanceItem> items = request.items();
        // group by department in a stable order; locking filings in that order avoids deadlocks
        Map<String, List<Integer>> byDepartment = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            byDepartment.computeIfAbsent(items.get(i).departmentCode(), k -> new ArrayList<>()).add(i);
        }
        authorize(items, byDepartment);

        List<Violation> problems = figureProblems(items);
        Map<String, Filing> filings = new LinkedHashMap<>();
        for (var entry : byDepartment.entrySet()) {
            String dept = entry.getKey();
            int first = entry.getValue().get(0);
            Department d = Department.findById(dept);
            if (d == null) {
                problems.add(new Violation("$.items[" + first + "].departmentCode", "unknown-department",
                        Text.of("部门 " + dept + " 不存在", "No department " + dept)));
                continue;
            }
            Set<String> subUnits = d.subUnits.stream().map(s -> s.code).collect(Collectors.toSet());
            Set<String> seen = new java.util.HashSet<>();
            for (int i : entry.getValue()) {
                String code = items.get(i).subUnitCode();
                if (!subUnits.contains(code)) {
                    problems.add(new Violation("$.items[" + i + "].subUnitCode", "unknown-sub-unit",
                            Text.of(code + " 不是部门 " + dept + " 的下属单位", code + " is not a sub-unit of " + dept)));
                } else if (!seen.add(code)) {
                    problems.add(new Violation("$.items[" + i + "].subUnitCode", "duplicate",
                            Text.of("同一批次中单位 " + code + " 出现两次", "sub-unit " + code + " appears twice in the batch")));
                }
            }
            Filing f = findDraft(dept, request, first, problems);
            if (f != null) {
                filings.put(dept, f);
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION_FAILED,
                    Text.of("导入批次有 " + problems.size() + " 处问题，未做任何修改", "The batch has " + problems.size() + " problem(s); nothing was applied"),
                    problems);
        }

        OffsetDateTime now = OffsetDateTime.now();
        List<AppliedFiling> applied = new ArrayList<>();
        for (var entry : byDepartment.entrySet()) {
            Filing f = filings.get(entry.getKey());
            FilingContent content = json.read(f.content);
            List<SubUnitFinance> finance = content.finance() == null ? new ArrayList<>() : new ArrayList<>(content.finance());
            List<String> subUnits = new ArrayList<>();
            for (int i : entry.getValue()) {
                FinanceItem item = items.get(i);
                String name = Department.<Department>findById(item.departmentCode()).subUnits.stream()
                        .filter(s -> s.code.equals(item.subUnitCode())).findFirst().map(s -> s.name).orElse(null);
                SubUnitFinance figures = new SubUnitFinance(item.subUnitCode(), name, item.income(), item.expenditure(),
                        item.threePublic(), item.fixedAssets());
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
            f.content = json.write(updated);
            f.contentSha256 = FilingJson.sha256(f.content);
            f.updatedAt = now;
            history.append(f.id, f.revision, Action.FINANCE_IMPORTED, caller.name(), null, f.contentSha256,
                    "Idempotency-Key " + idempotencyKey + "; sub-units " + String.join(",", subUnits), now);
            applied.add(new AppliedFiling(entry.getKey(), f.id, subUnits, -1));
        }
        Filing.flush();
        List<AppliedFiling> withVersions = applied.stream()
                .map(a -> new AppliedFiling(a.departmentCode(), a.filingId(), a.subUnits(), filings.get(a.departmentCode()).version))
                .toList();
        return new FinanceImportResult(request.fiscalYear(), items.size(), withVersions);
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

    private Filing findDraft(String dept, FinanceImport request, int itemIndex, List<Violation> problems) {
        String q = "departmentCode = ?1 and fiscalYear = ?2" + (request.cycleId() != null ? " and cycleId = ?3" : "");
        List<Filing> candidates = request.cycleId() != null
                ? Filing.find(q, dept, request.fiscalYear(), request.cycleId()).withLock(LockModeType.PESSIMISTIC_WRITE).list()
                : Filing.find(q, dept, request.fiscalYear()).withLock(LockModeType.PESSIMISTIC_WRITE).list();
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
        Filing f = candidates.get(0);
        if (!f.editable()) {
            problems.add(new Violation(path, "not-draft", Text.of("部门 " + dept + " 的填报已提交（" + f.status + "），不能导入",
                    "Department " + dept + "'s filing is " + f.status + " and can no longer take figures")));
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
