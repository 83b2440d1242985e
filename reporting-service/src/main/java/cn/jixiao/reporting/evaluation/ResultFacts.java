package cn.jixiao.reporting.evaluation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one department's official result contributes to the reports: its totals, finance and
 * indicator scores, every number at scale 2 (rounded half-up, as the tables store them).
 */
public record ResultFacts(
        int fiscalYear, long cycleId, String departmentCode, String departmentName, String group,
        String grade, BigDecimal totalScore, BigDecimal selfTotalScore, BigDecimal gap, int overScoredCount,
        BigDecimal incomeTotal, BigDecimal expenditureTotal, BigDecimal basicExpenditure, BigDecimal projectExpenditure,
        BigDecimal balanceOfYear, BigDecimal accumulatedBalance, BigDecimal threePublicTotal, BigDecimal fixedAssetsTotal,
        List<IndicatorFacts> indicators) {

    /** One indicator of the result. */
    public record IndicatorFacts(String code, String name, String level1Code, String level1Name, String level2Code,
            String level2Name, int sortOrder, BigDecimal points, BigDecimal computedScore, BigDecimal selfScore,
            BigDecimal reviewScore, BigDecimal finalScore, BigDecimal deduction, boolean notComputable,
            boolean notApplicable, boolean overScored) {
    }

    /** The key of the pre-aggregated result rows this result belongs to. */
    public AggKey aggKey() {
        return new AggKey(fiscalYear, cycleId, group, grade);
    }

    /**
     * What one result adds to its year and cycle's district-wide aggregates (agg_score,
     * agg_score_band, agg_indicator_district), whatever its group and grade.
     */
    public record DistrictShare(int fiscalYear, long cycleId, BigDecimal totalScore, List<IndicatorFacts> indicators) {
    }

    public DistrictShare districtShare() {
        return new DistrictShare(fiscalYear, cycleId, totalScore, indicators);
    }

    /** A key of agg_result (and the prefix of agg_indicator's keys). */
    public record AggKey(int fiscalYear, long cycleId, String group, String grade) implements Comparable<AggKey> {
        @Override
        public int compareTo(AggKey o) {
            return lockName().compareTo(o.lockName());
        }

        public String lockName() {
            return "agg:" + fiscalYear + ":" + cycleId + ":" + group + ":" + grade;
        }
    }

    public static BigDecimal scale2(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.HALF_UP);
    }

    /** The group key of a department: '' when it has none. */
    public static String groupKey(String group) {
        return group == null || group.isBlank() ? "" : group.trim();
    }

    public static ResultFacts of(EvaluationMessage m) {
        Map<String, String> categoryNames = new HashMap<>();
        m.categories().forEach(c -> categoryNames.put(c.code(), c.name()));
        List<IndicatorFacts> indicators = new ArrayList<>();
        int order = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (EvaluationMessage.Indicator i : m.indicators()) {
            if (!seen.add(i.code())) {
                continue;
            }
            // its place in the rubric, dropped or not: counted only over the kept ones, a dropped
            // indicator moved every later one up, and the reports' order (by the lowest position
            // any department gives an indicator) put them out of the rubric's order
            int position = order++;
            if (Boolean.TRUE.equals(i.dropped())) {
                // the rubric version dropped it and pro-rated the total: the department has no score
                // on it to average, and lost no points on it
                continue;
            }
            BigDecimal points = scale2(i.points());
            BigDecimal fin = scale2(i.finalScore());
            BigDecimal deduction = points.subtract(fin).max(BigDecimal.ZERO.setScale(2));
            indicators.add(new IndicatorFacts(i.code(), i.name(), i.level1Code(),
                    categoryNames.getOrDefault(i.level1Code(), i.level1Code()), i.level2Code(),
                    categoryNames.getOrDefault(i.level2Code(), i.level2Code()), position, points,
                    scale2(i.computedScore()), scale2(i.selfScore()), scale2(i.reviewScore()), fin, deduction,
                    i.notComputable(), i.notApplicable(), i.overScored()));
        }
        BigDecimal total = scale2(m.totalScore());
        BigDecimal self = scale2(m.selfTotalScore());
        EvaluationMessage.Finance f = m.finance();
        return new ResultFacts(m.fiscalYear(), m.cycleId(), m.departmentCode(), m.departmentName(),
                groupKey(m.departmentGroup()), m.grade(), total, self, self == null ? null : self.subtract(total),
                (int) indicators.stream().filter(IndicatorFacts::overScored).count(),
                scale2(f.incomeTotal()), scale2(f.expenditureTotal()), scale2(f.basicExpenditure()),
                scale2(f.projectExpenditure()), scale2(f.balanceOfYear()), scale2(f.accumulatedBalance()),
                scale2(f.threePublicTotal()), scale2(f.fixedAssetsTotal()), List.copyOf(indicators));
    }
}
