package cn.jixiao.reporting.evaluation;

import static cn.jixiao.reporting.db.Db.dec;

import cn.jixiao.reporting.db.Db;
import cn.jixiao.reporting.evaluation.ResultFacts.AggKey;
import cn.jixiao.reporting.evaluation.ResultFacts.DistrictShare;
import cn.jixiao.reporting.evaluation.ResultFacts.IndicatorFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maintains the pre-aggregated tables (agg_result, agg_indicator, agg_department) from the base
 * tables (result, result_indicator). New results are added by delta, summed per key over a
 * delivery (a few upserts, whatever the district's size); a replaced or withdrawn result's keys
 * are recomputed from the base rows of that key only (one group and grade of one year), because
 * minima and maxima cannot be subtracted. The rebuild recomputes every key with the same
 * statements.
 *
 * <p>Callers hold the advisory lock of every key they touch (see {@link ReadModel}), so a
 * recomputation always sees the committed base rows of other transactions.
 *
 * <p>The district-wide tables of a year and cycle (agg_score, agg_score_band,
 * agg_indicator_district) span every group and grade, so no key lock covers them; they hold only
 * counts and sums and are changed by signed deltas alone, which row locks keep exact under
 * concurrency (see {@link #moveInDistrict}).
 */
@ApplicationScoped
public class AggregateTables {

    private static final String RESULT_AGG_SELECT = """
            SELECT fiscal_year, cycle_id, dept_group, grade, count(*),
                   coalesce(sum(total_score), 0), min(total_score), max(total_score),
                   count(self_total_score), coalesce(sum(self_total_score), 0), min(self_total_score), max(self_total_score),
                   coalesce(sum(gap), 0), count(*) FILTER (WHERE gap > 0),
                   sum(income_total), sum(expenditure_total), sum(basic_expenditure), sum(project_expenditure),
                   sum(balance_of_year), sum(accumulated_balance), sum(three_public_total), sum(fixed_assets_total)
            FROM result
            """;

    private static final String RESULT_AGG_COLUMNS = """
            INSERT INTO agg_result (fiscal_year, cycle_id, dept_group, grade, department_count,
                   total_sum, total_min, total_max, self_count, self_sum, self_min, self_max, gap_sum, over_count,
                   income_total, expenditure_total, basic_expenditure, project_expenditure,
                   balance_of_year, accumulated_balance, three_public_total, fixed_assets_total)
            """;

    private static final String RESULT_AGG_REPLACE = """
            ON CONFLICT (fiscal_year, cycle_id, dept_group, grade) DO UPDATE SET
                   department_count = excluded.department_count, total_sum = excluded.total_sum,
                   total_min = excluded.total_min, total_max = excluded.total_max, self_count = excluded.self_count,
                   self_sum = excluded.self_sum, self_min = excluded.self_min, self_max = excluded.self_max,
                   gap_sum = excluded.gap_sum, over_count = excluded.over_count, income_total = excluded.income_total,
                   expenditure_total = excluded.expenditure_total, basic_expenditure = excluded.basic_expenditure,
                   project_expenditure = excluded.project_expenditure, balance_of_year = excluded.balance_of_year,
                   accumulated_balance = excluded.accumulated_balance, three_public_total = excluded.three_public_total,
                   fixed_assets_total = excluded.fixed_assets_total
            """;

    private static final String INDICATOR_AGG_COLUMNS = """
            INSERT INTO agg_indicator (fiscal_year, cycle_id, dept_group, grade, indicator_code, indicator_name,
                   level1_code, level1_name, level2_code, level2_name, sort_order, points, department_count,
                   final_sum, final_min, final_max, computed_count, computed_sum, computed_min, computed_max,
                   self_count, self_sum, self_min, self_max, review_count, review_sum, deduction_sum, loss_count,
                   over_scored_count, not_applicable_count, not_computable_count)
            """;

    private static final String INDICATOR_AGG_SELECT = """
            SELECT fiscal_year, cycle_id, dept_group, grade, indicator_code, max(indicator_name),
                   max(level1_code), max(level1_name), max(level2_code), max(level2_name), min(sort_order), max(points), count(*),
                   sum(final_score), min(final_score), max(final_score),
                   count(computed_score), coalesce(sum(computed_score), 0), min(computed_score), max(computed_score),
                   count(self_score), coalesce(sum(self_score), 0), min(self_score), max(self_score),
                   count(review_score), coalesce(sum(review_score), 0), sum(deduction), count(*) FILTER (WHERE deduction > 0),
                   count(*) FILTER (WHERE over_scored), count(*) FILTER (WHERE not_applicable), count(*) FILTER (WHERE not_computable)
            FROM result_indicator
            """;

    private static final String INDICATOR_AGG_REPLACE = """
            ON CONFLICT (fiscal_year, cycle_id, dept_group, grade, indicator_code) DO UPDATE SET
                   indicator_name = excluded.indicator_name, level1_code = excluded.level1_code,
                   level1_name = excluded.level1_name, level2_code = excluded.level2_code, level2_name = excluded.level2_name,
                   sort_order = excluded.sort_order, points = excluded.points, department_count = excluded.department_count,
                   final_sum = excluded.final_sum, final_min = excluded.final_min, final_max = excluded.final_max,
                   computed_count = excluded.computed_count, computed_sum = excluded.computed_sum,
                   computed_min = excluded.computed_min, computed_max = excluded.computed_max,
                   self_count = excluded.self_count, self_sum = excluded.self_sum, self_min = excluded.self_min,
                   self_max = excluded.self_max, review_count = excluded.review_count, review_sum = excluded.review_sum,
                   deduction_sum = excluded.deduction_sum, loss_count = excluded.loss_count,
                   over_scored_count = excluded.over_scored_count, not_applicable_count = excluded.not_applicable_count,
                   not_computable_count = excluded.not_computable_count
            """;

    private static final String DEPARTMENT_AGG = """
            INSERT INTO agg_department (department_code, result_count, self_count, over_count, gap_sum)
            SELECT department_code, count(*), count(self_total_score), count(*) FILTER (WHERE gap > 0), coalesce(sum(gap), 0)
            FROM result
            """;

    private static final String SCORE_BAND_AGG = """
            INSERT INTO agg_score_band (fiscal_year, cycle_id, score_band, department_count)
            SELECT fiscal_year, cycle_id, floor(total_score), count(*) FROM result GROUP BY fiscal_year, cycle_id, floor(total_score)
            """;

    private static final String SCORE_AGG = """
            INSERT INTO agg_score (fiscal_year, cycle_id, total_score, department_count)
            SELECT fiscal_year, cycle_id, total_score, count(*) FROM result GROUP BY fiscal_year, cycle_id, total_score
            """;

    private static final String INDICATOR_DISTRICT_COLUMNS = """
            INSERT INTO agg_indicator_district (fiscal_year, cycle_id, indicator_code, indicator_name, level1_code, level1_name,
                   level2_code, level2_name, sort_order, points, department_count, final_sum, computed_count, computed_sum,
                   self_count, self_sum, review_count, review_sum, deduction_sum, loss_count, over_scored_count,
                   not_applicable_count, not_computable_count)
            """;

    private static final String INDICATOR_DISTRICT_AGG = INDICATOR_DISTRICT_COLUMNS + """
            SELECT fiscal_year, cycle_id, indicator_code, max(indicator_name), max(level1_code), max(level1_name), max(level2_code),
                   max(level2_name), min(sort_order), max(points), count(*), sum(final_score),
                   count(computed_score), coalesce(sum(computed_score), 0), count(self_score), coalesce(sum(self_score), 0),
                   count(review_score), coalesce(sum(review_score), 0), sum(deduction), count(*) FILTER (WHERE deduction > 0),
                   count(*) FILTER (WHERE over_scored), count(*) FILTER (WHERE not_applicable), count(*) FILTER (WHERE not_computable)
            FROM result_indicator GROUP BY fiscal_year, cycle_id, indicator_code
            """;

    // the names, points and order are those of the cycle's rubric version, the same in every result
    // of the cycle, so greatest/least keep them as max/min over the results would
    private static final String INDICATOR_DISTRICT_DELTA = INDICATOR_DISTRICT_COLUMNS + """
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (fiscal_year, cycle_id, indicator_code) DO UPDATE SET
                       indicator_name = greatest(agg_indicator_district.indicator_name, excluded.indicator_name),
                       level1_code = greatest(agg_indicator_district.level1_code, excluded.level1_code),
                       level1_name = greatest(agg_indicator_district.level1_name, excluded.level1_name),
                       level2_code = greatest(agg_indicator_district.level2_code, excluded.level2_code),
                       level2_name = greatest(agg_indicator_district.level2_name, excluded.level2_name),
                       sort_order = least(agg_indicator_district.sort_order, excluded.sort_order),
                       points = greatest(agg_indicator_district.points, excluded.points),
                       department_count = agg_indicator_district.department_count + excluded.department_count,
                       final_sum = agg_indicator_district.final_sum + excluded.final_sum,
                       computed_count = agg_indicator_district.computed_count + excluded.computed_count,
                       computed_sum = agg_indicator_district.computed_sum + excluded.computed_sum,
                       self_count = agg_indicator_district.self_count + excluded.self_count,
                       self_sum = agg_indicator_district.self_sum + excluded.self_sum,
                       review_count = agg_indicator_district.review_count + excluded.review_count,
                       review_sum = agg_indicator_district.review_sum + excluded.review_sum,
                       deduction_sum = agg_indicator_district.deduction_sum + excluded.deduction_sum,
                       loss_count = agg_indicator_district.loss_count + excluded.loss_count,
                       over_scored_count = agg_indicator_district.over_scored_count + excluded.over_scored_count,
                       not_applicable_count = agg_indicator_district.not_applicable_count + excluded.not_applicable_count,
                       not_computable_count = agg_indicator_district.not_computable_count + excluded.not_computable_count
            """;

    private static final String INDICATOR_AGG_DELTA = INDICATOR_AGG_COLUMNS + """
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (fiscal_year, cycle_id, dept_group, grade, indicator_code) DO UPDATE SET
                       indicator_name = greatest(agg_indicator.indicator_name, excluded.indicator_name),
                       level1_code = greatest(agg_indicator.level1_code, excluded.level1_code),
                       level1_name = greatest(agg_indicator.level1_name, excluded.level1_name),
                       level2_code = greatest(agg_indicator.level2_code, excluded.level2_code),
                       level2_name = greatest(agg_indicator.level2_name, excluded.level2_name),
                       sort_order = least(agg_indicator.sort_order, excluded.sort_order),
                       points = greatest(agg_indicator.points, excluded.points),
                       department_count = agg_indicator.department_count + excluded.department_count,
                       final_sum = agg_indicator.final_sum + excluded.final_sum,
                       final_min = least(agg_indicator.final_min, excluded.final_min),
                       final_max = greatest(agg_indicator.final_max, excluded.final_max),
                       computed_count = agg_indicator.computed_count + excluded.computed_count,
                       computed_sum = agg_indicator.computed_sum + excluded.computed_sum,
                       computed_min = least(agg_indicator.computed_min, excluded.computed_min),
                       computed_max = greatest(agg_indicator.computed_max, excluded.computed_max),
                       self_count = agg_indicator.self_count + excluded.self_count,
                       self_sum = agg_indicator.self_sum + excluded.self_sum,
                       self_min = least(agg_indicator.self_min, excluded.self_min),
                       self_max = greatest(agg_indicator.self_max, excluded.self_max),
                       review_count = agg_indicator.review_count + excluded.review_count,
                       review_sum = agg_indicator.review_sum + excluded.review_sum,
                       deduction_sum = agg_indicator.deduction_sum + excluded.deduction_sum,
                       loss_count = agg_indicator.loss_count + excluded.loss_count,
                       over_scored_count = agg_indicator.over_scored_count + excluded.over_scored_count,
                       not_applicable_count = agg_indicator.not_applicable_count + excluded.not_applicable_count,
                       not_computable_count = agg_indicator.not_computable_count + excluded.not_computable_count
            """;

    private static final String KEY = " WHERE fiscal_year = ? AND cycle_id = ? AND dept_group = ? AND grade = ? ";

    private static final String RESULT_AGG_DELTA = RESULT_AGG_COLUMNS + """
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fiscal_year, cycle_id, dept_group, grade) DO UPDATE SET
               department_count = agg_result.department_count + excluded.department_count,
               total_sum = agg_result.total_sum + excluded.total_sum,
               total_min = least(agg_result.total_min, excluded.total_min),
               total_max = greatest(agg_result.total_max, excluded.total_max),
               self_count = agg_result.self_count + excluded.self_count,
               self_sum = agg_result.self_sum + excluded.self_sum,
               self_min = least(agg_result.self_min, excluded.self_min),
               self_max = greatest(agg_result.self_max, excluded.self_max),
               gap_sum = agg_result.gap_sum + excluded.gap_sum,
               over_count = agg_result.over_count + excluded.over_count,
               income_total = agg_result.income_total + excluded.income_total,
               expenditure_total = agg_result.expenditure_total + excluded.expenditure_total,
               basic_expenditure = agg_result.basic_expenditure + excluded.basic_expenditure,
               project_expenditure = agg_result.project_expenditure + excluded.project_expenditure,
               balance_of_year = agg_result.balance_of_year + excluded.balance_of_year,
               accumulated_balance = agg_result.accumulated_balance + excluded.accumulated_balance,
               three_public_total = agg_result.three_public_total + excluded.three_public_total,
               fixed_assets_total = agg_result.fixed_assets_total + excluded.fixed_assets_total
            """;

    @Inject
    Db db;

    /**
     * Adds new results to their keys' rows: the results of one key summed first, so that a batch
     * of a district's deliveries writes each key's rows once (in key order, indicators by code)
     * instead of once per result. A key's rows end as adding the results one by one would leave
     * them: counts and sums added, minima and maxima kept; names, points and order are those of
     * the cycle's rubric version, the same in every result of the key.
     */
    public void addAll(List<ResultFacts> results) {
        TreeMap<AggKey, KeyTotals> byKey = new TreeMap<>();
        results.forEach(r -> byKey.computeIfAbsent(r.aggKey(), k -> new KeyTotals()).add(r));
        List<Object[]> resultRows = new ArrayList<>();
        List<Object[]> indicatorRows = new ArrayList<>();
        byKey.forEach((k, t) -> {
            resultRows.add(new Object[] {k.fiscalYear(), k.cycleId(), k.group(), k.grade(), t.departments,
                    t.total.sum, dec(t.total.min), dec(t.total.max), t.self.count, t.self.sum, dec(t.self.min), dec(t.self.max),
                    t.gapSum, t.over, dec(t.income), dec(t.expenditure), dec(t.basic), dec(t.project), dec(t.balance),
                    dec(t.accumulated), dec(t.threePublic), dec(t.fixedAssets)});
            t.indicators.forEach((code, i) -> {
                indicatorRows.add(new Object[] {
                        k.fiscalYear(), k.cycleId(), k.group(), k.grade(), code, i.name,
                        i.level1Code, i.level1Name, i.level2Code, i.level2Name, i.sortOrder, i.points, i.departments,
                        i.fin.sum, dec(i.fin.min), dec(i.fin.max),
                        i.computed.count, i.computed.sum, dec(i.computed.min), dec(i.computed.max),
                        i.self.count, i.self.sum, dec(i.self.min), dec(i.self.max),
                        i.review.count, i.review.sum, i.deductionSum, i.losses, i.overScored, i.notApplicable, i.notComputable});
            });
        });
        db.batch(RESULT_AGG_DELTA, resultRows);
        db.batch(INDICATOR_AGG_DELTA, indicatorRows);
    }

    /** Adds new results to their departments' rows across years, each department's summed first. */
    public void addDepartments(List<ResultFacts> results) {
        TreeMap<String, int[]> counts = new TreeMap<>();
        TreeMap<String, BigDecimal> gaps = new TreeMap<>();
        for (ResultFacts r : results) {
            int[] c = counts.computeIfAbsent(r.departmentCode(), d -> new int[3]);
            c[0]++;
            c[1] += r.selfTotalScore() == null ? 0 : 1;
            c[2] += r.gap() != null && r.gap().signum() > 0 ? 1 : 0;
            gaps.merge(r.departmentCode(), zeroIfNull(r.gap()), BigDecimal::add);
        }
        List<Object[]> rows = new ArrayList<>();
        counts.forEach((d, c) -> rows.add(new Object[] {d, c[0], c[1], c[2], gaps.get(d)}));
        db.batch("""
                INSERT INTO agg_department (department_code, result_count, self_count, over_count, gap_sum)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (department_code) DO UPDATE SET
                   result_count = agg_department.result_count + excluded.result_count,
                   self_count = agg_department.self_count + excluded.self_count,
                   over_count = agg_department.over_count + excluded.over_count,
                   gap_sum = agg_department.gap_sum + excluded.gap_sum
                """, rows);
    }

    /** Recomputes one key's rows of agg_result and agg_indicator from the base rows. */
    public void recompute(AggKey k) {
        Object[] key = {k.fiscalYear(), k.cycleId(), k.group(), k.grade()};
        db.update(RESULT_AGG_COLUMNS + RESULT_AGG_SELECT + KEY + " GROUP BY fiscal_year, cycle_id, dept_group, grade " + RESULT_AGG_REPLACE, key);
        db.update("DELETE FROM agg_result" + KEY + "AND NOT EXISTS (SELECT 1 FROM result" + KEY + ")", concat(key, key));
        db.update("DELETE FROM agg_indicator" + KEY, key);
        db.update(INDICATOR_AGG_COLUMNS + INDICATOR_AGG_SELECT + KEY
                + " GROUP BY fiscal_year, cycle_id, dept_group, grade, indicator_code " + INDICATOR_AGG_REPLACE, key);
    }

    /** Recomputes one department's row of agg_department from its results. */
    public void recomputeDepartment(String departmentCode) {
        db.update("DELETE FROM agg_department WHERE department_code = ?", departmentCode);
        db.update(DEPARTMENT_AGG + " WHERE department_code = ? GROUP BY department_code", departmentCode);
    }

    /** Recomputes every aggregate from the base tables (the rebuild). */
    public void recomputeAll() {
        db.update("DELETE FROM agg_result");
        db.update("DELETE FROM agg_indicator");
        db.update("DELETE FROM agg_department");
        db.update("DELETE FROM agg_score_band");
        db.update("DELETE FROM agg_score");
        db.update("DELETE FROM agg_indicator_district");
        db.update(RESULT_AGG_COLUMNS + RESULT_AGG_SELECT + " GROUP BY fiscal_year, cycle_id, dept_group, grade");
        db.update(INDICATOR_AGG_COLUMNS + INDICATOR_AGG_SELECT + " GROUP BY fiscal_year, cycle_id, dept_group, grade, indicator_code");
        db.update(DEPARTMENT_AGG + " GROUP BY department_code");
        db.update(SCORE_BAND_AGG);
        db.update(SCORE_AGG);
        db.update(INDICATOR_DISTRICT_AGG);
    }

    /** What the department's current result adds to the district-wide tables, read from its base rows. */
    public Optional<DistrictShare> districtShareOf(int year, long cycleId, String department) {
        Object[] key = {year, cycleId, department};
        return db.one("SELECT total_score FROM result WHERE fiscal_year = ? AND cycle_id = ? AND department_code = ?",
                rs -> rs.getBigDecimal(1), key).map(total -> new DistrictShare(year, cycleId, total, db.query("""
                        SELECT indicator_code, indicator_name, level1_code, level1_name, level2_code, level2_name, sort_order,
                               points, computed_score, self_score, review_score, final_score, deduction, not_computable,
                               not_applicable, over_scored
                        FROM result_indicator WHERE fiscal_year = ? AND cycle_id = ? AND department_code = ?
                        """, rs -> new IndicatorFacts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getBigDecimal(8), rs.getBigDecimal(9),
                        rs.getBigDecimal(10), rs.getBigDecimal(11), rs.getBigDecimal(12), rs.getBigDecimal(13),
                        rs.getBoolean(14), rs.getBoolean(15), rs.getBoolean(16)), key)));
    }

    /**
     * Takes a department's withdrawn result out of its year and cycle's district-wide tables and
     * puts its new result in (either may be null), as one signed delta per row; rows the two
     * results contribute to equally are not written. Every delivery writes these shared rows in
     * the same order (indicators by code, then score bands, then scores, ascending), so that two
     * deliveries of the same cycle wait for each other rather than deadlock. A row left without
     * departments is deleted, as the rebuild would not create it.
     */
    public void moveInDistrict(DistrictShare withdrawn, DistrictShare added) {
        moveInDistrict(withdrawn == null ? List.of() : List.of(withdrawn), added == null ? List.of() : List.of(added));
    }

    /**
     * The same for several departments of one year and cycle (a batch of deliveries): their
     * changes summed, so that each shared row is written once, as the sum of the changes one by
     * one would leave it.
     */
    public void moveInDistrict(List<DistrictShare> withdrawn, List<DistrictShare> added) {
        DistrictShare cycle = !added.isEmpty() ? added.get(0) : !withdrawn.isEmpty() ? withdrawn.get(0) : null;
        if (cycle == null) {
            return;
        }
        TreeMap<String, IndicatorTotals> indicators = new TreeMap<>();
        TreeMap<BigDecimal, Integer> bands = new TreeMap<>();
        TreeMap<BigDecimal, Integer> scores = new TreeMap<>();
        for (int sign : new int[] {-1, 1}) {
            for (DistrictShare share : sign < 0 ? withdrawn : added) {
                share.indicators().forEach(i -> indicators.computeIfAbsent(i.code(), c -> new IndicatorTotals()).add(i, sign));
                bands.merge(share.totalScore().setScale(0, RoundingMode.FLOOR), sign, Integer::sum);
                scores.merge(share.totalScore(), sign, Integer::sum);
            }
        }
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> emptied = new ArrayList<>();
        indicators.forEach((code, t) -> {
            if (t.unchanged()) {
                return;
            }
            IndicatorFacts d = t.described;
            rows.add(new Object[] {cycle.fiscalYear(), cycle.cycleId(), code, d.name(), d.level1Code(), d.level1Name(),
                    d.level2Code(), d.level2Name(), d.sortOrder(), d.points(), t.departments, t.finalSum, t.computedCount,
                    t.computedSum, t.selfCount, t.selfSum, t.reviewCount, t.reviewSum, t.deductionSum, t.losses,
                    t.overScored, t.notApplicable, t.notComputable});
            if (t.departments < 0) {
                emptied.add(new Object[] {cycle.fiscalYear(), cycle.cycleId(), code});
            }
        });
        db.batch(INDICATOR_DISTRICT_DELTA, rows);
        db.batch("DELETE FROM agg_indicator_district WHERE fiscal_year = ? AND cycle_id = ? AND indicator_code = ? "
                + "AND department_count = 0", emptied);
        distribution("agg_score_band", "score_band", cycle, bands);
        distribution("agg_score", "total_score", cycle, scores);
    }

    private void distribution(String table, String column, DistrictShare cycle, TreeMap<BigDecimal, Integer> deltas) {
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> emptied = new ArrayList<>();
        deltas.forEach((value, delta) -> {
            if (delta != 0) {
                rows.add(new Object[] {cycle.fiscalYear(), cycle.cycleId(), value, delta});
            }
            if (delta < 0) {
                emptied.add(new Object[] {cycle.fiscalYear(), cycle.cycleId(), value});
            }
        });
        db.batch("INSERT INTO " + table + " (fiscal_year, cycle_id, " + column + ", department_count) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (fiscal_year, cycle_id, " + column + ") DO UPDATE SET department_count = "
                + table + ".department_count + excluded.department_count", rows);
        db.batch("DELETE FROM " + table + " WHERE fiscal_year = ? AND cycle_id = ? AND " + column + " = ? AND department_count = 0",
                emptied);
    }

    /** Count, sum (0 without values), minimum and maximum (null without values) of one score over new results. */
    private static final class Spread {
        int count;
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        BigDecimal min;
        BigDecimal max;

        void add(BigDecimal v) {
            if (v == null) {
                return;
            }
            count++;
            sum = sum.add(v);
            min = min == null || v.compareTo(min) < 0 ? v : min;
            max = max == null || v.compareTo(max) > 0 ? v : max;
        }
    }

    /** What new results add to one key of agg_result and its indicators' rows of agg_indicator. */
    private static final class KeyTotals {
        int departments;
        int over;
        final Spread total = new Spread();
        final Spread self = new Spread();
        BigDecimal gapSum = BigDecimal.ZERO.setScale(2);
        // a finance total the row adds to is null once any result's is, as the added nulls one by one would leave it
        BigDecimal income = BigDecimal.ZERO;
        BigDecimal expenditure = BigDecimal.ZERO;
        BigDecimal basic = BigDecimal.ZERO;
        BigDecimal project = BigDecimal.ZERO;
        BigDecimal balance = BigDecimal.ZERO;
        BigDecimal accumulated = BigDecimal.ZERO;
        BigDecimal threePublic = BigDecimal.ZERO;
        BigDecimal fixedAssets = BigDecimal.ZERO;
        final TreeMap<String, IndicatorSpread> indicators = new TreeMap<>();

        void add(ResultFacts r) {
            departments++;
            total.add(r.totalScore());
            self.add(r.selfTotalScore());
            gapSum = gapSum.add(zeroIfNull(r.gap()));
            over += r.gap() != null && r.gap().signum() > 0 ? 1 : 0;
            income = plus(income, r.incomeTotal());
            expenditure = plus(expenditure, r.expenditureTotal());
            basic = plus(basic, r.basicExpenditure());
            project = plus(project, r.projectExpenditure());
            balance = plus(balance, r.balanceOfYear());
            accumulated = plus(accumulated, r.accumulatedBalance());
            threePublic = plus(threePublic, r.threePublicTotal());
            fixedAssets = plus(fixedAssets, r.fixedAssetsTotal());
            r.indicators().forEach(i -> indicators.computeIfAbsent(i.code(), c -> new IndicatorSpread()).add(i));
        }

        private static BigDecimal plus(BigDecimal a, BigDecimal b) {
            return a == null || b == null ? null : a.add(b);
        }
    }

    /** What new results add to one indicator's row of agg_indicator. */
    private static final class IndicatorSpread {
        // each the greatest any result gives, as greatest() one by one would keep it: results of a
        // cycle name an indicator alike unless a message left out a category's name (then its code
        // stands in). Compared by code point, the order of the platform's C.UTF-8 database
        String name;
        String level1Code;
        String level1Name;
        String level2Code;
        String level2Name;
        int sortOrder = Integer.MAX_VALUE;
        BigDecimal points;
        int departments;
        final Spread fin = new Spread();
        final Spread computed = new Spread();
        final Spread self = new Spread();
        final Spread review = new Spread();
        BigDecimal deductionSum = BigDecimal.ZERO.setScale(2);
        int losses;
        int overScored;
        int notApplicable;
        int notComputable;

        void add(IndicatorFacts i) {
            name = greatest(name, i.name());
            level1Code = greatest(level1Code, i.level1Code());
            level1Name = greatest(level1Name, i.level1Name());
            level2Code = greatest(level2Code, i.level2Code());
            level2Name = greatest(level2Name, i.level2Name());
            sortOrder = Math.min(sortOrder, i.sortOrder());
            points = points == null || i.points().compareTo(points) > 0 ? i.points() : points;
            departments++;
            fin.add(i.finalScore());
            computed.add(i.computedScore());
            self.add(i.selfScore());
            review.add(i.reviewScore());
            deductionSum = deductionSum.add(i.deduction());
            losses += i.deduction().signum() > 0 ? 1 : 0;
            overScored += i.overScored() ? 1 : 0;
            notApplicable += i.notApplicable() ? 1 : 0;
            notComputable += i.notComputable() ? 1 : 0;
        }

        private static String greatest(String kept, String given) {
            if (kept == null || given == null || kept.equals(given)) {
                return kept == null ? given : kept;
            }
            return Arrays.compare(kept.codePoints().toArray(), given.codePoints().toArray()) >= 0 ? kept : given;
        }
    }

    /** The signed change one delivery makes to one indicator's row of agg_indicator_district. */
    private static final class IndicatorTotals {
        private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

        IndicatorFacts described;
        int departments;
        int computedCount;
        int selfCount;
        int reviewCount;
        int losses;
        int overScored;
        int notApplicable;
        int notComputable;
        BigDecimal finalSum = ZERO;
        BigDecimal computedSum = ZERO;
        BigDecimal selfSum = ZERO;
        BigDecimal reviewSum = ZERO;
        BigDecimal deductionSum = ZERO;

        void add(IndicatorFacts i, int sign) {
            if (described == null || sign > 0) {
                described = i;
            }
            BigDecimal s = BigDecimal.valueOf(sign);
            departments += sign;
            finalSum = finalSum.add(i.finalScore().multiply(s));
            if (i.computedScore() != null) {
                computedCount += sign;
                computedSum = computedSum.add(i.computedScore().multiply(s));
            }
            if (i.selfScore() != null) {
                selfCount += sign;
                selfSum = selfSum.add(i.selfScore().multiply(s));
            }
            if (i.reviewScore() != null) {
                reviewCount += sign;
                reviewSum = reviewSum.add(i.reviewScore().multiply(s));
            }
            deductionSum = deductionSum.add(i.deduction().multiply(s));
            losses += i.deduction().signum() > 0 ? sign : 0;
            overScored += i.overScored() ? sign : 0;
            notApplicable += i.notApplicable() ? sign : 0;
            notComputable += i.notComputable() ? sign : 0;
        }

        boolean unchanged() {
            return departments == 0 && computedCount == 0 && selfCount == 0 && reviewCount == 0 && losses == 0 && overScored == 0
                    && notApplicable == 0 && notComputable == 0 && finalSum.signum() == 0 && computedSum.signum() == 0
                    && selfSum.signum() == 0 && reviewSum.signum() == 0 && deductionSum.signum() == 0;
        }
    }

    private static java.math.BigDecimal zeroIfNull(java.math.BigDecimal v) {
        return v == null ? java.math.BigDecimal.ZERO.setScale(2) : v;
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] r = new Object[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
