package cn.jixiao.reporting.report;

import cn.jixiao.reporting.db.Db;
import cn.jixiao.reporting.problem.ApiException;
import cn.jixiao.reporting.problem.Text;
import cn.jixiao.reporting.report.ReportApi.FinanceReport;
import cn.jixiao.reporting.report.ReportApi.FinanceRow;
import cn.jixiao.reporting.report.ReportApi.GapRow;
import cn.jixiao.reporting.report.ReportApi.GapSummary;
import cn.jixiao.reporting.report.ReportApi.GapsReport;
import cn.jixiao.reporting.report.ReportApi.GradeRow;
import cn.jixiao.reporting.report.ReportApi.GradesReport;
import cn.jixiao.reporting.report.ReportApi.IndicatorRow;
import cn.jixiao.reporting.report.ReportApi.IndicatorsReport;
import cn.jixiao.reporting.report.ReportApi.RankingReport;
import cn.jixiao.reporting.report.ReportApi.RankingRow;
import cn.jixiao.reporting.report.ReportApi.TrendReport;
import cn.jixiao.reporting.report.ReportApi.TrendRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reports' queries. Grades, indicators, finance and the gap summary read only the
 * pre-aggregated tables (a few rows per group, grade and indicator, whatever the number of
 * filings); ranking and gaps read one indexed row per department shown; trend reads one row per
 * year of the department and its cycle's score distribution.
 */
@ApplicationScoped
public class ReportQueries {

    static final List<String> GRADES = List.of("优", "良", "中", "差");

    /** The finance items of the forms, in their order, with their Chinese names. */
    static final Map<String, String[]> FINANCE = new LinkedHashMap<>();

    static {
        FINANCE.put("incomeTotal", new String[] {"income_total", "收入合计"});
        FINANCE.put("expenditureTotal", new String[] {"expenditure_total", "支出合计"});
        FINANCE.put("basicExpenditure", new String[] {"basic_expenditure", "基本支出"});
        FINANCE.put("projectExpenditure", new String[] {"project_expenditure", "项目支出"});
        FINANCE.put("balanceOfYear", new String[] {"balance_of_year", "当年结余"});
        FINANCE.put("accumulatedBalance", new String[] {"accumulated_balance", "累计结余"});
        FINANCE.put("threePublicTotal", new String[] {"three_public_total", "三公经费合计"});
        FINANCE.put("fixedAssetsTotal", new String[] {"fixed_assets_total", "固定资产合计"});
    }

    @Inject
    Db db;

    /** The filter of a report: year, optional cycle and group, optional own department. */
    public record Scope(int year, Long cycleId, String group, String department) {
        String where(List<Object> params, String alias) {
            StringBuilder sb = new StringBuilder(" WHERE " + alias + "fiscal_year = ?");
            params.add(year);
            if (cycleId != null) {
                sb.append(" AND ").append(alias).append("cycle_id = ?");
                params.add(cycleId);
            }
            if (group != null) {
                sb.append(" AND ").append(alias).append("dept_group = ?");
                params.add(group);
            }
            return sb.toString();
        }

        /** {@link #where} and, for a caller restricted to one department, that department. */
        String ownRowsWhere(List<Object> params, String alias) {
            String w = where(params, alias);
            if (department == null) {
                return w;
            }
            params.add(department);
            return w + " AND " + alias + "department_code = ?";
        }
    }

    /**
     * The cycles of a year that have results, oldest first (a few rows of the pre-aggregated
     * table); for a filer, those of its own department's results: which cycles other departments
     * filed in is not its to know.
     */
    List<Long> cyclesOf(int year, String department) {
        if (department != null) {
            return db.query("SELECT cycle_id FROM result WHERE fiscal_year = ? AND department_code = ? ORDER BY cycle_id",
                    rs -> rs.getLong(1), year, department);
        }
        return db.query("SELECT DISTINCT cycle_id FROM agg_result WHERE fiscal_year = ? ORDER BY cycle_id",
                rs -> rs.getLong(1), year);
    }

    /**
     * A year's report without a cycle spans all the year's cycles. A department files once per
     * cycle, so where a year has several cycles it would be ranked, counted and summed once per
     * cycle it filed in: such a report needs its cycle named.
     */
    void requireUnambiguous(Scope s) {
        if (s.cycleId() == null) {
            oneCycle(s.year(), s.department(), "cycleId");
        } else {
            requireOfYear(s.cycleId(), s.year(), "cycleId");
        }
    }

    /**
     * A cycle named for a year must be that year's: one whose results are another year's is a
     * 400 naming {@code parameter}, not an empty report that looks like a district without
     * results. A cycle with no results yet may be the year's, and its report is empty.
     */
    private void requireOfYear(long cycleId, int year, String parameter) {
        // the year's own cycle, the usual answer, is found on the primary key (year, cycle); only
        // a cycle without results in that year scans for a year it does have results in
        List<Integer> years = db.query("SELECT CASE WHEN EXISTS (SELECT 1 FROM agg_result WHERE fiscal_year = ? AND cycle_id = ?) "
                + "THEN ? ELSE (SELECT fiscal_year FROM agg_result WHERE cycle_id = ? LIMIT 1) END",
                rs -> rs.getObject(1) == null ? null : rs.getInt(1), year, cycleId, year, cycleId);
        if (years.get(0) != null && years.get(0) != year) {
            throw ApiException.invalid(parameter, "other-year", Text.of(
                    "评价批次 " + cycleId + " 属于 " + years.get(0) + " 年度，不是 " + year + " 年度",
                    "Evaluation cycle " + cycleId + " is of " + years.get(0) + ", not " + year));
        }
    }

    /** The year's one cycle with results (null when none); a 400 naming {@code parameter} when it has several. */
    private Long oneCycle(int year, String department, String parameter) {
        List<Long> cycles = cyclesOf(year, department);
        if (cycles.size() > 1) {
            throw ApiException.invalid(parameter, "cycle-required", Text.of(
                    year + " 年度有多个评价批次 " + cycles + "，请用 " + parameter + " 指定其一：同一部门在两个批次的结果会被重复计入",
                    year + " has several evaluation cycles " + cycles + "; name one with " + parameter
                            + ": a department's results in two cycles would count twice"));
        }
        return cycles.isEmpty() ? null : cycles.get(0);
    }

    /**
     * One page of the ranking. A row's rank is 1 + the number of rows of the same scope with a
     * higher score (an index range count), so a page costs the same however many departments
     * there are; the total comes from the pre-aggregated table.
     */
    public RankingReport ranking(Scope s, int page, Integer size) {
        List<Object> params = new ArrayList<>();
        String rankWhere = s.where(params, "o.");
        StringBuilder sql = new StringBuilder("SELECT r.*, 1 + (SELECT count(*) FROM result o" + rankWhere
                + " AND o.total_score > r.total_score) AS rnk FROM result r");
        sql.append(s.where(params, "r."));
        if (s.department() != null) {
            sql.append(" AND r.department_code = ?");
            params.add(s.department());
        }
        sql.append(" ORDER BY r.total_score DESC, r.department_code, r.cycle_id");
        appendPage(sql, params, page, size);
        List<RankingRow> rows = db.query(sql.toString(), rs -> new RankingRow(rs.getLong("rnk"), rs.getString("department_code"),
                rs.getString("department_name"), group(rs.getString("dept_group")), rs.getLong("cycle_id"),
                rs.getBigDecimal("total_score"), rs.getBigDecimal("self_total_score"), rs.getString("grade")), params.toArray());
        long totalItems = totalItems(s);
        int shownSize = size == null ? (int) Math.max(totalItems, 1) : size;
        return new RankingReport(s.year(), s.cycleId(), s.group(), page, shownSize, totalItems,
                (int) ((totalItems + shownSize - 1) / shownSize), rows);
    }

    public GradesReport grades(Scope s) {
        List<Object> params = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        GRADES.forEach(g -> counts.put(g, 0L));
        // a filer's statistics are their own department's, read from its result: a group or cycle
        // narrowed to one or two departments would otherwise show the others' grades and figures
        String sql = s.department() == null
                ? "SELECT grade, sum(department_count) FROM agg_result" + s.where(params, "") + " GROUP BY grade"
                : "SELECT grade, count(*) FROM result" + s.ownRowsWhere(params, "") + " GROUP BY grade";
        db.query(sql, rs -> counts.put(rs.getString(1), rs.getLong(2)), params.toArray());
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<GradeRow> rows = GRADES.stream().map(g -> new GradeRow(g, counts.get(g),
                total == 0 ? null : percent(BigDecimal.valueOf(counts.get(g)), BigDecimal.valueOf(total)))).toList();
        return new GradesReport(s.year(), s.cycleId(), s.group(), total, rows);
    }

    public IndicatorsReport indicators(Scope s) {
        List<Object> params = new ArrayList<>();
        String sql = (s.department() == null ? """
                SELECT indicator_code, max(indicator_name) AS name, max(level1_code) AS l1, max(level1_name) AS l1n,
                       max(level2_code) AS l2, max(level2_name) AS l2n, max(points) AS points, min(sort_order) AS ord,
                       sum(department_count) AS n, sum(final_sum) AS final_sum, min(final_min) AS final_min,
                       max(final_max) AS final_max, sum(loss_count) AS losses, sum(deduction_sum) AS deductions,
                       sum(self_count) AS self_n, sum(self_sum) AS self_sum, sum(over_scored_count) AS over_n,
                       sum(not_applicable_count) AS na_n
                FROM agg_indicator""" + s.where(params, "") : """
                SELECT indicator_code, max(indicator_name) AS name, max(level1_code) AS l1, max(level1_name) AS l1n,
                       max(level2_code) AS l2, max(level2_name) AS l2n, max(points) AS points, min(sort_order) AS ord,
                       count(*) AS n, sum(final_score) AS final_sum, min(final_score) AS final_min,
                       max(final_score) AS final_max, count(*) FILTER (WHERE deduction > 0) AS losses,
                       sum(deduction) AS deductions, count(self_score) AS self_n, coalesce(sum(self_score), 0) AS self_sum,
                       count(*) FILTER (WHERE over_scored) AS over_n, count(*) FILTER (WHERE not_applicable) AS na_n
                FROM result_indicator""" + s.ownRowsWhere(params, ""))
                + " GROUP BY indicator_code ORDER BY ord, indicator_code";
        List<IndicatorRow> rows = db.query(sql, rs -> {
            long n = rs.getLong("n");
            long losses = rs.getLong("losses");
            long selfN = rs.getLong("self_n");
            BigDecimal deductions = rs.getBigDecimal("deductions");
            return new IndicatorRow(rs.getString("indicator_code"), rs.getString("name"), rs.getString("l1"),
                    rs.getString("l1n"), rs.getString("l2"), rs.getString("l2n"), rs.getBigDecimal("points"), n,
                    average(rs.getBigDecimal("final_sum"), n), rs.getBigDecimal("final_min"), rs.getBigDecimal("final_max"),
                    losses, average(deductions, losses), deductions, average(rs.getBigDecimal("self_sum"), selfN),
                    rs.getLong("over_n"), rs.getLong("na_n"));
        }, params.toArray());
        return new IndicatorsReport(s.year(), s.cycleId(), s.group(), rows);
    }

    public GapsReport gaps(Scope s, int page, Integer size) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                SELECT r.department_code, r.department_name, r.dept_group, r.cycle_id, r.self_total_score, r.total_score,
                       r.gap, r.over_scored_count, d.result_count, d.self_count, d.over_count, d.gap_sum
                FROM result r JOIN agg_department d ON d.department_code = r.department_code""");
        sql.append(s.where(params, "r."));
        if (s.department() != null) {
            sql.append(" AND r.department_code = ?");
            params.add(s.department());
        }
        sql.append(" ORDER BY r.gap DESC NULLS LAST, r.department_code, r.cycle_id");
        appendPage(sql, params, page, size);
        List<GapRow> rows = db.query(sql.toString(), rs -> new GapRow(rs.getString("department_code"), rs.getString("department_name"),
                    group(rs.getString("dept_group")), rs.getLong("cycle_id"), rs.getBigDecimal("self_total_score"),
                    rs.getBigDecimal("total_score"), rs.getBigDecimal("gap"), rs.getInt("over_scored_count"),
                    rs.getLong("result_count"), rs.getLong("over_count"),
                    average(rs.getBigDecimal("gap_sum"), rs.getLong("self_count"))), params.toArray());
        GapSummary summary;
        if (s.department() == null) {
            List<Object> p = new ArrayList<>();
            summary = db.one("SELECT coalesce(sum(department_count), 0), coalesce(sum(self_count), 0), coalesce(sum(over_count), 0), "
                    + "coalesce(sum(gap_sum), 0) FROM agg_result" + s.where(p, ""),
                    rs -> new GapSummary(rs.getLong(1), rs.getLong(2), rs.getLong(3), average(rs.getBigDecimal(4), rs.getLong(2))),
                    p.toArray()).orElseThrow();
        } else {
            long selfAssessed = rows.stream().filter(r -> r.gap() != null).count();
            BigDecimal gapSum = rows.stream().filter(r -> r.gap() != null).map(GapRow::gap).reduce(BigDecimal.ZERO, BigDecimal::add);
            summary = new GapSummary(rows.size(), selfAssessed, rows.stream().filter(r -> r.gap() != null && r.gap().signum() > 0).count(),
                    average(gapSum, selfAssessed));
        }
        long totalItems = totalItems(s);
        int shownSize = size == null ? (int) Math.max(totalItems, 1) : size;
        return new GapsReport(s.year(), s.cycleId(), s.group(), summary, page, shownSize, totalItems,
                (int) ((totalItems + shownSize - 1) / shownSize), rows);
    }

    public FinanceReport finance(Scope s, Long previousCycleId) {
        // last year as one cycle, like this year: summing several would count a department once per
        // cycle, and which of them to compare with is the caller's to say (a supplementary cycle of
        // one department is no base for a district)
        if (previousCycleId != null) {
            requireOfYear(previousCycleId, s.year() - 1, "previousCycleId");
        }
        Long previousCycle = previousCycleId != null ? previousCycleId : oneCycle(s.year() - 1, s.department(), "previousCycleId");
        Map<String, BigDecimal> now = financeSums(s);
        Map<String, BigDecimal> before = financeSums(new Scope(s.year() - 1, previousCycle, s.group(), s.department()));
        long count = now.get("__count").longValue();
        long previousCount = before.get("__count").longValue();
        List<FinanceRow> rows = new ArrayList<>();
        FINANCE.forEach((item, def) -> {
            BigDecimal amount = count == 0 ? BigDecimal.ZERO.setScale(2) : now.get(item);
            BigDecimal previous = previousCount == 0 ? null : before.get(item);
            BigDecimal change = previous == null ? null : amount.subtract(previous);
            // against the size of last year's figure: a balance can be negative, and a rise from
            // −5.00 to 10.00 is +300 %, not −300 %
            BigDecimal changePercent = previous == null || previous.signum() == 0 ? null : percent(change, previous.abs());
            rows.add(new FinanceRow(item, def[1], amount, previous, change, changePercent));
        });
        return new FinanceReport(s.year(), s.cycleId(), s.group(), s.year() - 1, previousCycle, count, previousCount, rows);
    }

    private Map<String, BigDecimal> financeSums(Scope s) {
        List<Object> params = new ArrayList<>();
        // the result rows hold the same columns, one department each
        StringBuilder sql = new StringBuilder(s.department() == null ? "SELECT coalesce(sum(department_count), 0)" : "SELECT count(*)");
        FINANCE.values().forEach(def -> sql.append(", coalesce(sum(").append(def[0]).append("), 0)"));
        sql.append(s.department() == null ? " FROM agg_result" + s.where(params, "") : " FROM result" + s.ownRowsWhere(params, ""));
        return db.one(sql.toString(), rs -> {
            Map<String, BigDecimal> m = new LinkedHashMap<>();
            m.put("__count", rs.getBigDecimal(1));
            int i = 2;
            for (String item : FINANCE.keySet()) {
                m.put(item, rs.getBigDecimal(i++).setScale(2, RoundingMode.HALF_UP));
            }
            return m;
        }, params.toArray()).orElseThrow();
    }

    public TrendReport trend(String department) {
        record Row(String name, String group, TrendRow row) {
        }
        // the rank as the ranking of the year and cycle gives it (1 + the departments with a higher score), counted
        // from the cycle's score distribution: the whole-point bands above the score, then the scores above it in its
        // own band, a bounded number of rows however many departments the cycle has
        List<Row> rows = db.query("""
                SELECT r.department_name, r.dept_group, r.fiscal_year, r.cycle_id, r.total_score, r.self_total_score, r.grade,
                       1 + b.above + (SELECT coalesce(sum(s.department_count), 0) FROM agg_score s
                                      WHERE s.fiscal_year = r.fiscal_year AND s.cycle_id = r.cycle_id
                                        AND s.total_score > r.total_score AND s.total_score < floor(r.total_score) + 1) AS rnk,
                       b.departments AS n
                FROM result r CROSS JOIN LATERAL (
                    SELECT coalesce(sum(department_count) FILTER (WHERE score_band > floor(r.total_score)), 0) AS above,
                           coalesce(sum(department_count), 0) AS departments
                    FROM agg_score_band WHERE fiscal_year = r.fiscal_year AND cycle_id = r.cycle_id) b
                WHERE r.department_code = ? ORDER BY r.fiscal_year, r.cycle_id
                """, rs -> new Row(rs.getString(1), rs.getString(2), new TrendRow(rs.getInt(3), rs.getLong(4),
                rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getString(7), rs.getLong(8), rs.getLong(9), null)), department);
        if (rows.isEmpty()) {
            throw ApiException.notFound("department", department);
        }
        List<TrendRow> years = new ArrayList<>();
        BigDecimal previous = null;
        for (Row r : rows) {
            TrendRow t = r.row();
            years.add(new TrendRow(t.fiscalYear(), t.cycleId(), t.totalScore(), t.selfTotalScore(), t.grade(), t.rank(),
                    t.departmentCount(), previous == null ? null : t.totalScore().subtract(previous)));
            previous = t.totalScore();
        }
        Row latest = rows.get(rows.size() - 1);
        return new TrendReport(department, latest.name(), group(latest.group()), years);
    }

    /** Rows in scope: from the pre-aggregated table, or the filer's own rows. */
    private long totalItems(Scope s) {
        List<Object> params = new ArrayList<>();
        if (s.department() != null) {
            String sql = "SELECT count(*) FROM result r" + s.where(params, "r.") + " AND r.department_code = ?";
            params.add(s.department());
            return db.one(sql, rs -> rs.getLong(1), params.toArray()).orElse(0L);
        }
        return db.one("SELECT coalesce(sum(department_count), 0) FROM agg_result" + s.where(params, ""), rs -> rs.getLong(1),
                params.toArray()).orElse(0L);
    }

    private static void appendPage(StringBuilder sql, List<Object> params, int page, Integer size) {
        if (size != null) {
            sql.append(" LIMIT ? OFFSET ?");
            params.add(size);
            params.add((long) page * size);
        }
    }

    static String group(String key) {
        return key == null || key.isEmpty() ? null : key;
    }

    /** sum ÷ count, rounded half-up to 2 places; null when there is nothing to average. */
    public static BigDecimal average(BigDecimal sum, long count) {
        return count == 0 || sum == null ? null : sum.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }

    static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
