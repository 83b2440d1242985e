package cn.jixiao.reporting.aggregate;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cube the aggregate API offers, as whitelists: only these names reach SQL, each mapped to
 * a fixed column or expression. Two fact tables: one fact per department result (year, cycle,
 * department) and one per indicator of a result. Each is read from its pre-aggregated table
 * unless the query involves single departments; indicator facts from the district-wide table
 * (one row per year, cycle and indicator) when the query neither splits nor cuts by group or
 * grade and asks for no minimum or maximum.
 */
final class Model {

    private Model() {
    }

    enum Facts { RESULT, INDICATOR }

    /** Where the facts are read from. */
    enum Source {
        RESULT_AGG("agg_result", Facts.RESULT), RESULT_BASE("result", Facts.RESULT),
        INDICATOR_AGG("agg_indicator", Facts.INDICATOR), INDICATOR_BASE("result_indicator", Facts.INDICATOR),
        /** agg_indicator's counts and sums over every group and grade: the same columns, without the extremes. */
        INDICATOR_DISTRICT("agg_indicator_district", Facts.INDICATOR);

        final String table;
        final Facts facts;

        Source(String table, Facts facts) {
            this.table = table;
            this.facts = facts;
        }

        boolean base() {
            return this == RESULT_BASE || this == INDICATOR_BASE;
        }

        /**
         * The smallest table that holds the facts: the base table when a dimension is only there,
         * for indicator facts the district-wide table when no dimension needs the group or grade
         * and no measure an extreme.
         */
        static Source of(Facts facts, Set<Dimension> used, boolean extremes) {
            if (used.stream().anyMatch(d -> d.baseOnly)) {
                return facts == Facts.RESULT ? RESULT_BASE : INDICATOR_BASE;
            }
            if (facts == Facts.RESULT) {
                return RESULT_AGG;
            }
            return extremes || used.contains(Dimension.GROUP) || used.contains(Dimension.GRADE) ? INDICATOR_AGG : INDICATOR_DISTRICT;
        }
    }

    enum ValueType { INT, LONG, TEXT, GRADE }

    enum Dimension {
        YEAR("year", "fiscal_year", null, "年度", null, ValueType.INT, null, false),
        CYCLE("cycle", "cycle_id", null, "评价批次", null, ValueType.LONG, null, false),
        GROUP("group", "dept_group", null, "部门分组", null, ValueType.TEXT, null, false),
        GRADE("grade", "grade", null, "评价等次", null, ValueType.GRADE, null, false),
        DEPARTMENT("department", "department_code", "department_name", "部门编码", "部门名称", ValueType.TEXT, null, true),
        INDICATOR("indicator", "indicator_code", "indicator_name", "指标编码", "指标名称", ValueType.TEXT, Facts.INDICATOR, false),
        LEVEL1("level1", "level1_code", "level1_name", "一级指标编码", "一级指标", ValueType.TEXT, Facts.INDICATOR, false),
        LEVEL2("level2", "level2_code", "level2_name", "二级指标编码", "二级指标", ValueType.TEXT, Facts.INDICATOR, false);

        final String id;
        final String column;
        final String nameColumn;
        final String label;
        final String nameLabel;
        final ValueType type;
        /** The facts this dimension needs, or null when both have it. */
        final Facts needs;
        /** True when only the base tables hold it (one row per department). */
        final boolean baseOnly;

        Dimension(String id, String column, String nameColumn, String label, String nameLabel, ValueType type, Facts needs,
                boolean baseOnly) {
            this.id = id;
            this.column = column;
            this.nameColumn = nameColumn;
            this.label = label;
            this.nameLabel = nameLabel;
            this.type = type;
            this.needs = needs;
            this.baseOnly = baseOnly;
        }

        static Optional<Dimension> byId(String id) {
            return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
        }
    }

    enum Aggregation {
        SUM("sum", "合计"), AVG("avg", "平均"), MIN("min", "最低"), MAX("max", "最高"), COUNT("count", "计数");

        final String id;
        final String label;

        Aggregation(String id, String label) {
            this.id = id;
            this.label = label;
        }

        static Optional<Aggregation> byId(String id) {
            return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
        }
    }

    /** SQL fragments of a measure on one source: its sum, count, minimum and maximum. */
    record Exprs(String sum, String count, String min, String max) {
    }

    record Measure(String id, String label, String description, Facts facts, Set<Aggregation> aggregations,
            Exprs onAggregate, Exprs onBase) {
        Exprs on(Source s) {
            return s.base() ? onBase : onAggregate;
        }

        /** The aggregation a bare measure name stands for. */
        Set<Aggregation> defaults() {
            return aggregations;
        }
    }

    static final Map<String, Measure> MEASURES = new LinkedHashMap<>();

    private static void measure(String id, String label, String description, Facts facts, Set<Aggregation> aggs,
            Exprs agg, Exprs base) {
        MEASURES.put(id, new Measure(id, label, description, facts, aggs, agg, base));
    }

    private static final Set<Aggregation> STATS = EnumSet.of(Aggregation.SUM, Aggregation.AVG, Aggregation.MIN, Aggregation.MAX);
    private static final Set<Aggregation> SUM_AVG = EnumSet.of(Aggregation.SUM, Aggregation.AVG);
    private static final Set<Aggregation> COUNT = EnumSet.of(Aggregation.COUNT);

    static {
        // one fact per department result
        measure("department_count", "部门数", "departments with a result (count)", Facts.RESULT, COUNT,
                new Exprs(null, "sum(department_count)", null, null), new Exprs(null, "count(*)", null, null));
        measure("total_score", "评价得分", "the departments' final total scores (sum, avg, min, max)", Facts.RESULT, STATS,
                new Exprs("sum(total_sum)", "sum(department_count)", "min(total_min)", "max(total_max)"),
                new Exprs("sum(total_score)", "count(*)", "min(total_score)", "max(total_score)"));
        measure("self_total_score", "自评得分", "the departments' self-assessed totals (sum, avg, min, max over those given)", Facts.RESULT, STATS,
                new Exprs("sum(self_sum)", "sum(self_count)", "min(self_min)", "max(self_max)"),
                new Exprs("coalesce(sum(self_total_score), 0)", "count(self_total_score)", "min(self_total_score)", "max(self_total_score)"));
        measure("self_gap", "自评与评价差额", "self total − final total (sum, avg over the self-assessed)", Facts.RESULT, SUM_AVG,
                new Exprs("sum(gap_sum)", "sum(self_count)", null, null), new Exprs("coalesce(sum(gap), 0)", "count(gap)", null, null));
        measure("over_scored_count", "自评虚高部门数", "departments whose self total exceeds the final total (count)", Facts.RESULT, COUNT,
                new Exprs(null, "sum(over_count)", null, null), new Exprs(null, "count(*) FILTER (WHERE gap > 0)", null, null));
        for (String[] f : new String[][] {
                {"income_total", "收入合计"}, {"expenditure_total", "支出合计"}, {"basic_expenditure", "基本支出"},
                {"project_expenditure", "项目支出"}, {"balance_of_year", "当年结余"}, {"accumulated_balance", "累计结余"},
                {"three_public_total", "三公经费合计"}, {"fixed_assets_total", "固定资产合计"}}) {
            measure(f[0], f[1] + "（万元）", f[1] + " in 万元 (sum, avg per department)", Facts.RESULT, SUM_AVG,
                    new Exprs("sum(" + f[0] + ")", "sum(department_count)", null, null),
                    new Exprs("sum(" + f[0] + ")", "count(*)", null, null));
        }
        // one fact per indicator of a department result
        measure("scored_count", "指标评分数", "indicator scores, one per department and indicator (count); per indicator: the departments scored", Facts.INDICATOR, COUNT,
                new Exprs(null, "sum(department_count)", null, null), new Exprs(null, "count(*)", null, null));
        measure("final_score", "指标得分", "final indicator scores (sum, avg, min, max)", Facts.INDICATOR, STATS,
                new Exprs("sum(final_sum)", "sum(department_count)", "min(final_min)", "max(final_max)"),
                new Exprs("sum(final_score)", "count(*)", "min(final_score)", "max(final_score)"));
        measure("computed_score", "指标计算得分", "computed indicator scores (sum, avg, min, max over the computable)", Facts.INDICATOR, STATS,
                new Exprs("sum(computed_sum)", "sum(computed_count)", "min(computed_min)", "max(computed_max)"),
                new Exprs("coalesce(sum(computed_score), 0)", "count(computed_score)", "min(computed_score)", "max(computed_score)"));
        measure("self_score", "指标自评得分", "self-assessed indicator scores (sum, avg, min, max over those given)", Facts.INDICATOR, STATS,
                new Exprs("sum(self_sum)", "sum(self_count)", "min(self_min)", "max(self_max)"),
                new Exprs("coalesce(sum(self_score), 0)", "count(self_score)", "min(self_score)", "max(self_score)"));
        measure("review_score", "指标复核得分", "reviewers' indicator scores (sum, avg over those given)", Facts.INDICATOR, SUM_AVG,
                new Exprs("sum(review_sum)", "sum(review_count)", null, null),
                new Exprs("coalesce(sum(review_score), 0)", "count(review_score)", null, null));
        measure("deduction", "扣分", "points lost: indicator points − final score (sum, avg over all scores)", Facts.INDICATOR, SUM_AVG,
                new Exprs("sum(deduction_sum)", "sum(department_count)", null, null), new Exprs("sum(deduction)", "count(*)", null, null));
        measure("loss_count", "失分部门数", "scores below the indicator's points (count)", Facts.INDICATOR, COUNT,
                new Exprs(null, "sum(loss_count)", null, null), new Exprs(null, "count(*) FILTER (WHERE deduction > 0)", null, null));
    }
}
