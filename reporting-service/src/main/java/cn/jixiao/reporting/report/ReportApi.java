package cn.jixiao.reporting.report;

import static cn.jixiao.reporting.export.Tabular.Column.decimal;
import static cn.jixiao.reporting.export.Tabular.Column.integer;
import static cn.jixiao.reporting.export.Tabular.Column.text;

import cn.jixiao.reporting.export.Tabular;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The reports' bodies. Scores and amounts (万元) are decimals with two places; averages and
 * percentages are rounded half-up to two places. Each report is also a {@link Tabular}.
 */
public final class ReportApi {

    private ReportApi() {
    }

    private static String scope(int year, Long cycleId, String group) {
        return year + (cycleId == null ? "" : "-cycle" + cycleId) + (group == null ? "" : "-group");
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Schema(name = "RankingReport", description = "Departments by final score; ties share a rank (1, 1, 3)")
    public record RankingReport(int fiscalYear, Long cycleId, String group, int page, int size, long totalItems,
            int totalPages, List<RankingRow> items) implements Tabular {
        public String sheetTitle() {
            return fiscalYear + "年度部门整体支出绩效评价排名";
        }

        public String fileName() {
            return "ranking-" + scope(fiscalYear, cycleId, group);
        }

        public List<Column> columns() {
            return List.of(integer("名次"), text("部门编码"), text("部门名称"), text("部门分组"), integer("评价批次"),
                    decimal("评价得分"), decimal("自评得分"), text("评价等次"));
        }

        public List<List<Object>> rows() {
            return items.stream().map(r -> row(r.rank(), r.departmentCode(), r.departmentName(), r.departmentGroup(),
                    r.cycleId(), r.totalScore(), r.selfTotalScore(), r.grade())).toList();
        }
    }

    @Schema(name = "RankingRow")
    public record RankingRow(long rank, String departmentCode, String departmentName, String departmentGroup, long cycleId,
            BigDecimal totalScore, BigDecimal selfTotalScore, String grade) {
    }

    @Schema(name = "GradesReport", description = "How many departments got each grade; every grade is listed")
    public record GradesReport(int fiscalYear, Long cycleId, String group, long departmentCount, List<GradeRow> grades)
            implements Tabular {
        public String sheetTitle() {
            return fiscalYear + "年度评价等次分布";
        }

        public String fileName() {
            return "grades-" + scope(fiscalYear, cycleId, group);
        }

        public List<Column> columns() {
            return List.of(text("评价等次"), integer("部门数"), decimal("占比（%）"));
        }

        public List<List<Object>> rows() {
            return grades.stream().map(g -> row(g.grade(), g.departmentCount(), g.sharePercent())).toList();
        }
    }

    @Schema(name = "GradeRow")
    public record GradeRow(@Schema(enumeration = {"优", "良", "中", "差"}) String grade, long departmentCount,
            @Schema(description = "Percentage of the departments, 2 places; null when there are none") BigDecimal sharePercent) {
    }

    @Schema(name = "IndicatorsReport", description = "Per level-3 indicator, in rubric order")
    public record IndicatorsReport(int fiscalYear, Long cycleId, String group, List<IndicatorRow> indicators) implements Tabular {
        public String sheetTitle() {
            return fiscalYear + "年度指标得分情况";
        }

        public String fileName() {
            return "indicators-" + scope(fiscalYear, cycleId, group);
        }

        public List<Column> columns() {
            return List.of(text("指标编码"), text("指标名称"), text("一级指标"), text("二级指标"), decimal("分值"),
                    integer("评价部门数"), decimal("平均得分"), decimal("最低得分"), decimal("最高得分"), integer("失分部门数"),
                    decimal("失分部门平均失分"), decimal("扣分合计"), decimal("平均自评得分"), integer("自评虚高部门数"),
                    integer("无此指标部门数"));
        }

        public List<List<Object>> rows() {
            return indicators.stream().map(i -> row(i.code(), i.name(), i.level1Name(), i.level2Name(), i.points(),
                    i.departmentCount(), i.averageScore(), i.minScore(), i.maxScore(), i.lossCount(), i.averageLoss(),
                    i.totalLoss(), i.averageSelfScore(), i.overScoredCount(), i.notApplicableCount())).toList();
        }
    }

    @Schema(name = "IndicatorRow")
    public record IndicatorRow(String code, String name, String level1Code, String level1Name, String level2Code,
            String level2Name, BigDecimal points, long departmentCount, BigDecimal averageScore, BigDecimal minScore,
            BigDecimal maxScore,
            @Schema(description = "Departments whose final score is below the points") long lossCount,
            @Schema(description = "Points lost on average by the departments that lost points") BigDecimal averageLoss,
            @Schema(description = "Points lost by all departments together") BigDecimal totalLoss,
            BigDecimal averageSelfScore, long overScoredCount, long notApplicableCount) {
    }

    @Schema(name = "SelfAssessmentGapsReport", description = "Self-assessed total against final total per department, largest over-scoring first")
    public record GapsReport(int fiscalYear, Long cycleId, String group, GapSummary summary, int page, int size,
            long totalItems, int totalPages, List<GapRow> items) implements Tabular {
        public String sheetTitle() {
            return fiscalYear + "年度自评与评价得分差异";
        }

        public String fileName() {
            return "self-assessment-gaps-" + scope(fiscalYear, cycleId, group);
        }

        public List<Column> columns() {
            return List.of(text("部门编码"), text("部门名称"), text("部门分组"), integer("评价批次"), decimal("自评得分"),
                    decimal("评价得分"), decimal("差额（自评−评价）"), integer("自评虚高指标数"), integer("历年评价次数"),
                    integer("历年自评高于评价次数"), decimal("历年平均差额"));
        }

        public List<List<Object>> rows() {
            return items.stream().map(g -> row(g.departmentCode(), g.departmentName(), g.departmentGroup(), g.cycleId(),
                    g.selfTotalScore(), g.totalScore(), g.gap(), g.overScoredIndicators(), g.resultsAcrossYears(),
                    g.overScoredAcrossYears(), g.averageGapAcrossYears())).toList();
        }
    }

    @Schema(name = "SelfAssessmentGapSummary")
    public record GapSummary(long departmentCount, long selfAssessedCount,
            @Schema(description = "Departments whose self total exceeds their final total") long overScoredDepartments,
            @Schema(description = "Average of self total − final total over the self-assessed departments") BigDecimal averageGap) {
    }

    @Schema(name = "SelfAssessmentGapRow")
    public record GapRow(String departmentCode, String departmentName, String departmentGroup, long cycleId,
            BigDecimal selfTotalScore, BigDecimal totalScore,
            @Schema(description = "selfTotalScore − totalScore; positive means over-scored (自评虚高)") BigDecimal gap,
            @Schema(description = "Indicators flagged over-scored this year") int overScoredIndicators,
            @Schema(description = "The department's results in every year and cycle") long resultsAcrossYears,
            @Schema(description = "Of those, how many had a self total above the final total") long overScoredAcrossYears,
            @Schema(description = "Average gap over the self-assessed results of every year") BigDecimal averageGapAcrossYears) {
    }

    @Schema(name = "FinanceReport", description = "Finance totals (万元) summed over the departments, against the year before (its only cycle, or the one asked for)")
    public record FinanceReport(int fiscalYear, Long cycleId, String group, int previousYear,
            @Schema(description = "The cycle of the year before compared with: the one asked for, or that year's only cycle; null when that year has no results") Long previousCycleId,
            long departmentCount, long previousDepartmentCount, List<FinanceRow> items) implements Tabular {
        public String sheetTitle() {
            return fiscalYear + "年度部门收支汇总";
        }

        public String fileName() {
            return "finance-" + scope(fiscalYear, cycleId, group);
        }

        public List<Column> columns() {
            return List.of(text("项目"), text("项目名称"), decimal(fiscalYear + "年（万元）"), decimal(previousYear + "年（万元）"),
                    decimal("增减额（万元）"), decimal("增减率（%）"));
        }

        public List<List<Object>> rows() {
            return items.stream().map(f -> row(f.item(), f.name(), f.amount(), f.previousAmount(), f.change(), f.changePercent()))
                    .toList();
        }
    }

    @Schema(name = "FinanceRow")
    public record FinanceRow(@Schema(example = "incomeTotal") String item, @Schema(example = "收入合计") String name,
            BigDecimal amount, BigDecimal previousAmount,
            @Schema(description = "amount − previousAmount; null without a previous year") BigDecimal change,
            @Schema(description = "change ÷ |previousAmount| × 100, 2 places (a rise is positive even from a negative balance); null when the previous amount is 0 or missing") BigDecimal changePercent) {
    }

    @Schema(name = "TrendReport", description = "One department's results across years")
    public record TrendReport(String departmentCode, String departmentName, String departmentGroup, List<TrendRow> years)
            implements Tabular {
        public String sheetTitle() {
            return "部门历年评价结果";
        }

        public String fileName() {
            return "trend-" + departmentCode.replaceAll("[^A-Za-z0-9_-]", "_");
        }

        // the department on every row: a file saved apart from its name still says whose it is
        public List<Column> columns() {
            return List.of(text("部门编码"), text("部门名称"), integer("年度"), integer("评价批次"), decimal("评价得分"), decimal("自评得分"),
                    text("评价等次"), integer("名次"), integer("参评部门数"), decimal("较上一批次增减"));
        }

        public List<List<Object>> rows() {
            return years.stream().map(t -> row(departmentCode, departmentName, t.fiscalYear(), t.cycleId(), t.totalScore(),
                    t.selfTotalScore(), t.grade(), t.rank(), t.departmentCount(), t.change())).toList();
        }
    }

    @Schema(name = "TrendRow")
    public record TrendRow(int fiscalYear, long cycleId, BigDecimal totalScore, BigDecimal selfTotalScore, String grade,
            @Schema(description = "Rank among the departments of the same year and cycle") long rank, long departmentCount,
            @Schema(description = "totalScore − the previous row's totalScore") BigDecimal change) {
    }
}
