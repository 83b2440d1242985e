package cn.jixiao.submission.filing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Everything a department files in its self-evaluation (部门整体支出绩效自评), as typed sections.
 * A draft may leave any of them out; {@link FilingValidator} says what a submission still needs.
 * Money is in 万元 as exact decimals.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FilingContent")
public record FilingContent(
        BasicInfo basicInfo,
        @Schema(description = "Finance figures per sub-unit (收支情况); the department total is computed") List<SubUnitFinance> finance,
        EvaluationBaseData baseData,
        List<QualitativeGoal> qualitativeGoals,
        List<QuantitativeIndicator> quantitativeIndicators,
        SelfEvaluation selfEvaluation,
        ReportText report) {

    public static FilingContent empty() {
        return new FilingContent(null, null, null, null, null, null, null);
    }

    /** 基本概况. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BasicInfo")
    public record BasicInfo(
            @Schema(example = "王芳") String contactName,
            @Schema(example = "0731-12345678") String contactPhone,
            Headcount headcount,
            @Schema(description = "职能职责概述, one paragraph each") List<String> functions,
            @Schema(description = "年度主要工作内容") List<String> mainTasks,
            @Schema(description = "年度总体运行情况及取得的成绩") String overallOperation) {
    }

    /** 人员编制 and 实有人数; authorized = administrative + institutional when split. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Headcount")
    public record Headcount(
            @Schema(example = "120") Integer authorized,
            @Schema(example = "20") Integer administrative,
            @Schema(example = "100") Integer institutional,
            @Schema(example = "118") Integer actual) {
    }

    /** One sub-unit's finance figures (万元). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SubUnitFinance")
    public record SubUnitFinance(
            @Schema(example = "D001-01") String subUnitCode,
            @Schema(example = "局机关") String subUnitName,
            Income income,
            Expenditure expenditure,
            ThreePublic threePublic,
            FixedAssets fixedAssets) {
    }

    /** 年度收入: total = carryOver + publicFiscal + governmentFund + specialAccountNonTax + other. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Income")
    public record Income(
            @Schema(description = "上年结转", example = "12.50") BigDecimal carryOver,
            @Schema(description = "公共财政拨款", example = "237.90") BigDecimal publicFiscal,
            @Schema(description = "政府基金拨款", example = "0.00") BigDecimal governmentFund,
            @Schema(description = "纳入专户管理的非税收入拨款", example = "0.00") BigDecimal specialAccountNonTax,
            @Schema(description = "其他收入", example = "0.00") BigDecimal other,
            @Schema(description = "收入合计", example = "250.40") BigDecimal total) {
    }

    /**
     * 支出: basic = personnel + publicUse; total = basic + project; balanceOfYear = income total −
     * carry-over − expenditure total; accumulatedBalance = income total − expenditure total.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Expenditure")
    public record Expenditure(
            @Schema(description = "人员支出", example = "140.20") BigDecimal personnel,
            @Schema(description = "公用支出", example = "60.95") BigDecimal publicUse,
            @Schema(description = "基本支出", example = "201.15") BigDecimal basic,
            @Schema(description = "项目支出", example = "30.00") BigDecimal project,
            @Schema(description = "支出合计", example = "231.15") BigDecimal total,
            @Schema(description = "当年结余", example = "6.75") BigDecimal balanceOfYear,
            @Schema(description = "累计结余", example = "19.25") BigDecimal accumulatedBalance) {
    }

    /** 三公经费: total = reception + vehicleOperation + vehiclePurchase + overseasTravel. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ThreePublic")
    public record ThreePublic(
            @Schema(description = "公务接待费", example = "1.20") BigDecimal reception,
            @Schema(description = "公务用车运维费", example = "3.40") BigDecimal vehicleOperation,
            @Schema(description = "公务用车购置费", example = "0.00") BigDecimal vehiclePurchase,
            @Schema(description = "因公出国费", example = "0.00") BigDecimal overseasTravel,
            @Schema(description = "合计", example = "4.60") BigDecimal total) {
    }

    /** 固定资产: total = inUse + leasedOut + other. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FixedAssets")
    public record FixedAssets(
            @Schema(description = "在用", example = "480.00") BigDecimal inUse,
            @Schema(description = "出租", example = "0.00") BigDecimal leasedOut,
            @Schema(description = "其他", example = "20.00") BigDecimal other,
            @Schema(description = "合计", example = "500.00") BigDecimal total) {
    }

    /** 评价基础数据: what the rubric's formulas need beyond the finance tables. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EvaluationBaseData")
    public record EvaluationBaseData(
            @Schema(description = "年初预算数 (万元)", example = "240.00") BigDecimal initialBudget,
            @Schema(description = "预算调整数 (万元)", example = "10.40") BigDecimal budgetAdjustment,
            @Schema(description = "重点项目支出 (万元)", example = "27.00") BigDecimal keyProjectExpenditure,
            @Schema(description = "三公经费财政下达控制数 (万元)", example = "5.00") BigDecimal threePublicControlFigure,
            @Schema(description = "上年三公经费合计 (万元)", example = "4.80") BigDecimal lastYearThreePublicTotal,
            @Schema(description = "政府采购预算 (万元)", example = "20.00") BigDecimal procurementBudget,
            @Schema(description = "政府采购实际 (万元)", example = "20.00") BigDecimal procurementActual,
            @Schema(description = "公务卡支付金额 (万元)", example = "8.00") BigDecimal officialCardPayments,
            @Schema(description = "应使用公务卡结算的支出 (万元)", example = "12.00") BigDecimal officialCardEligibleSpending,
            @Schema(description = "未按进度下达的专项资金个数", example = "0") Integer lateSpecialFunds,
            @Schema(description = "资金使用违规次数", example = "0") Integer fundUseViolations,
            @Schema(description = "资产管理违规次数", example = "0") Integer assetViolations,
            Checklist checklist,
            @Schema(description = "服务对象满意度 (%)", example = "96.50") BigDecimal satisfactionRate) {
    }

    /** The yes/no items the rubric's checklist indicators score. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Checklist")
    public record Checklist(
            @Schema(description = "预算管理制度健全") Boolean budgetRulesExist,
            @Schema(description = "预算管理制度合法、合规、完整") Boolean budgetRulesLawful,
            @Schema(description = "预算管理制度有效执行") Boolean budgetRulesEnforced,
            @Schema(description = "预决算公开内容") Boolean disclosureContent,
            @Schema(description = "公开及时") Boolean disclosureOnTime,
            @Schema(description = "公开真实") Boolean disclosureAuthentic,
            @Schema(description = "公开完整") Boolean disclosureComplete,
            @Schema(description = "公开准确") Boolean disclosureAccurate,
            @Schema(description = "资产管理制度健全、合法") Boolean assetRulesExistLawful,
            @Schema(description = "资产管理制度有效执行") Boolean assetRulesEnforced) {
    }

    /** 定性目标 and what was achieved (实际完成). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "QualitativeGoal")
    public record QualitativeGoal(String goal, String achieved) {
    }

    /** A quantitative performance indicator (定量目标). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "QuantitativeIndicator")
    public record QuantitativeIndicator(
            @Schema(description = "产出目标 or 效益目标", enumeration = {"OUTPUT", "OUTCOME"}) String level1,
            @Schema(description = "数量/质量/时效/成本指标, 经济/社会/生态效益, 满意度",
                    enumeration = {"QUANTITY", "QUALITY", "TIMELINESS", "COST", "ECONOMIC", "SOCIAL", "ECOLOGICAL", "SATISFACTION"}) String category,
            @Schema(example = "义务教育巩固率") String name,
            @Schema(description = "绩效目标", example = "≥98%") String target,
            @Schema(description = "完成情况", example = "99.1%") String actual,
            BigDecimal targetValue,
            BigDecimal actualValue,
            @Schema(example = "%") String unit) {
    }

    /** 自评: a self-score per rubric indicator, the total, the grade and the evaluation team. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SelfEvaluation")
    public record SelfEvaluation(
            List<SelfScore> scores,
            @Schema(description = "绩效自评综合得分", example = "88.50") BigDecimal totalScore,
            @Schema(description = "自评等次", enumeration = {"优", "良", "中", "差"}) String grade,
            List<Evaluator> evaluators) {
    }

    /** A self-score with its deduction reason (扣分原因); or the indicator marked 无此考核指标. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SelfScore")
    public record SelfScore(
            @Schema(example = "staff-control-rate") String indicatorCode,
            @Schema(example = "5.00") BigDecimal score,
            @Schema(example = "") String deductionReason,
            @Schema(description = "无此考核指标") Boolean notApplicable) {
    }

    /** A member of the evaluation team (评价人员). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Evaluator")
    public record Evaluator(String name, String title, String unit) {
    }

    /** 报告正文. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ReportText")
    public record ReportText(
            @Schema(description = "部门概况") String overview,
            @Schema(description = "资金管理及使用情况") String fundManagement,
            @Schema(description = "专项资金情况") String specialFunds,
            @Schema(description = "绩效目标完成情况") String performance,
            @Schema(description = "存在的主要问题") String problems,
            @Schema(description = "改进措施") String improvements) {
    }
}
