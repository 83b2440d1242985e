package cn.jixiao.submission.filing;

import cn.jixiao.submission.filing.FilingContent.BasicInfo;
import cn.jixiao.submission.filing.FilingContent.EvaluationBaseData;
import cn.jixiao.submission.filing.FilingContent.Expenditure;
import cn.jixiao.submission.filing.FilingContent.FixedAssets;
import cn.jixiao.submission.filing.FilingContent.Income;
import cn.jixiao.submission.filing.FilingContent.QuantitativeIndicator;
import cn.jixiao.submission.filing.FilingContent.SelfEvaluation;
import cn.jixiao.submission.filing.FilingContent.SelfScore;
import cn.jixiao.submission.filing.FilingContent.SubUnitFinance;
import cn.jixiao.submission.filing.FilingContent.ThreePublic;
import cn.jixiao.submission.problem.ApiException.Violation;
import cn.jixiao.submission.problem.Text;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every consistency rule a filing must meet before it is submitted: the sums of DOMAIN.md §1,
 * amounts and counts non-negative with at most two decimals, rates within 0–100, self-scores
 * within their indicator's points, and the sections a submission needs. Each problem names the
 * JSON path of the field. The check is pure: same content, same problems, in the same order.
 */
public final class FilingValidator {

    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final Set<String> GRADES = Set.of("优", "良", "中", "差");
    private static final Map<String, Set<String>> CATEGORIES = Map.of(
            "OUTPUT", Set.of("QUANTITY", "QUALITY", "TIMELINESS", "COST"),
            "OUTCOME", Set.of("ECONOMIC", "SOCIAL", "ECOLOGICAL", "SATISFACTION"));

    private final List<Violation> problems = new ArrayList<>();
    private final Set<String> subUnitCodes;
    private final Map<String, BigDecimal> indicatorPoints;

    private FilingValidator(Set<String> subUnitCodes, Map<String, BigDecimal> indicatorPoints) {
        this.subUnitCodes = subUnitCodes;
        this.indicatorPoints = indicatorPoints;
    }

    /**
     * @param subUnitCodes    the sub-units registered for the filing's department
     * @param indicatorPoints level-3 indicator code → points of the cycle's rubric version
     */
    public static List<Violation> validate(FilingContent content, Set<String> subUnitCodes, Map<String, BigDecimal> indicatorPoints) {
        FilingValidator v = new FilingValidator(subUnitCodes, indicatorPoints);
        v.check(content == null ? FilingContent.empty() : content);
        return List.copyOf(v.problems);
    }

    private void check(FilingContent c) {
        basicInfo(c.basicInfo());
        finance(c.finance());
        baseData(c.baseData());
        goals(c);
        selfEvaluation(c.selfEvaluation());
        report(c);
    }

    private void basicInfo(BasicInfo b) {
        if (b == null) {
            missing("$.basicInfo", "基本概况", "basic information");
            return;
        }
        requiredText("$.basicInfo.contactName", b.contactName(), "联系人", "contact name");
        requiredText("$.basicInfo.contactPhone", b.contactPhone(), "联络电话", "contact phone");
        if (b.contactPhone() != null && !b.contactPhone().isBlank() && !b.contactPhone().matches("[0-9+()\\- ]{5,30}")) {
            add("$.basicInfo.contactPhone", "invalid-phone", Text.of("联络电话格式不正确", "contact phone is not a phone number"));
        }
        paragraphs("$.basicInfo.functions", b.functions(), "职能职责概述", "functions and duties");
        paragraphs("$.basicInfo.mainTasks", b.mainTasks(), "年度主要工作内容", "main tasks of the year");
        if (b.headcount() == null) {
            missing("$.basicInfo.headcount", "人员编制", "headcount");
            return;
        }
        var h = b.headcount();
        String p = "$.basicInfo.headcount";
        count(p + ".authorized", h.authorized(), true, "编制人数", "authorized headcount");
        count(p + ".actual", h.actual(), true, "实有人数", "actual headcount");
        count(p + ".administrative", h.administrative(), false, "行政编制", "administrative establishment");
        count(p + ".institutional", h.institutional(), false, "事业编制", "institutional establishment");
        if (h.authorized() != null && (h.administrative() != null || h.institutional() != null)) {
            int split = (h.administrative() == null ? 0 : h.administrative()) + (h.institutional() == null ? 0 : h.institutional());
            if (split != h.authorized()) {
                add(p + ".authorized", "sum-mismatch", Text.of(
                        "编制人数 " + h.authorized() + " ≠ 行政编制 + 事业编制 = " + split,
                        "authorized headcount " + h.authorized() + " ≠ administrative + institutional = " + split));
            }
        }
    }

    private void finance(List<SubUnitFinance> finance) {
        if (finance == null || finance.isEmpty()) {
            missing("$.finance", "收支情况（至少一个单位）", "finance figures (at least one sub-unit)");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < finance.size(); i++) {
            SubUnitFinance f = finance.get(i);
            String p = "$.finance[" + i + "]";
            if (f == null) {
                missing(p, "单位收支", "sub-unit figures");
                continue;
            }
            if (f.subUnitCode() == null || f.subUnitCode().isBlank()) {
                missing(p + ".subUnitCode", "单位代码", "sub-unit code");
            } else if (!subUnitCodes.contains(f.subUnitCode())) {
                add(p + ".subUnitCode", "unknown-sub-unit", Text.of(
                        "单位 " + f.subUnitCode() + " 不是本部门登记的下属单位", f.subUnitCode() + " is not a registered sub-unit of this department"));
            } else if (!seen.add(f.subUnitCode())) {
                add(p + ".subUnitCode", "duplicate", Text.of("单位 " + f.subUnitCode() + " 重复填报", "sub-unit " + f.subUnitCode() + " appears twice"));
            }
            income(p + ".income", f.income());
            expenditure(p + ".expenditure", f.expenditure(), f.income());
            threePublic(p + ".threePublic", f.threePublic());
            fixedAssets(p + ".fixedAssets", f.fixedAssets());
        }
        // the department's total is the sum of all its sub-units (汇总): one left out would
        // understate it in scoring and in every report, with each row's own sums still right
        for (String code : new java.util.TreeSet<>(subUnitCodes)) {
            if (!seen.contains(code)) {
                add("$.finance", "sub-unit-missing", Text.of(
                        "本部门登记的单位 " + code + " 未填报收支（当年无收支的请填 0）",
                        "registered sub-unit " + code + " has no figures (enter zeros if it had none)"));
            }
        }
    }

    private void income(String p, Income in) {
        if (in == null) {
            missing(p, "年度收入", "income");
            return;
        }
        amount(p + ".carryOver", in.carryOver(), true);
        amount(p + ".publicFiscal", in.publicFiscal(), true);
        amount(p + ".governmentFund", in.governmentFund(), true);
        amount(p + ".specialAccountNonTax", in.specialAccountNonTax(), true);
        amount(p + ".other", in.other(), true);
        amount(p + ".total", in.total(), true);
        sumRule(p + ".total", in.total(), "收入合计", "income total", "各项收入之和", "the sum of its items",
                in.carryOver(), in.publicFiscal(), in.governmentFund(), in.specialAccountNonTax(), in.other());
    }

    private void expenditure(String p, Expenditure ex, Income in) {
        if (ex == null) {
            missing(p, "支出", "expenditure");
            return;
        }
        amount(p + ".personnel", ex.personnel(), true);
        amount(p + ".publicUse", ex.publicUse(), true);
        amount(p + ".basic", ex.basic(), true);
        amount(p + ".project", ex.project(), true);
        amount(p + ".total", ex.total(), true);
        signedAmount(p + ".balanceOfYear", ex.balanceOfYear(), true);
        signedAmount(p + ".accumulatedBalance", ex.accumulatedBalance(), true);
        sumRule(p + ".basic", ex.basic(), "基本支出", "basic expenditure", "人员支出 + 公用支出", "personnel + public-use",
                ex.personnel(), ex.publicUse());
        sumRule(p + ".total", ex.total(), "支出合计", "expenditure total", "基本支出 + 项目支出", "basic + project",
                ex.basic(), ex.project());
        if (in != null && in.total() != null && ex.total() != null && ex.accumulatedBalance() != null) {
            BigDecimal expected = in.total().subtract(ex.total());
            if (expected.compareTo(ex.accumulatedBalance()) != 0) {
                add(p + ".accumulatedBalance", "sum-mismatch", Text.of(
                        "累计结余 " + plain(ex.accumulatedBalance()) + " ≠ 收入合计 − 支出合计 = " + plain(expected),
                        "accumulated balance " + plain(ex.accumulatedBalance()) + " ≠ income total − expenditure total = " + plain(expected)));
            }
        }
        if (in != null && in.total() != null && in.carryOver() != null && ex.total() != null && ex.balanceOfYear() != null) {
            BigDecimal expected = in.total().subtract(in.carryOver()).subtract(ex.total());
            if (expected.compareTo(ex.balanceOfYear()) != 0) {
                add(p + ".balanceOfYear", "sum-mismatch", Text.of(
                        "当年结余 " + plain(ex.balanceOfYear()) + " ≠ 收入合计 − 上年结转 − 支出合计 = " + plain(expected),
                        "balance of the year " + plain(ex.balanceOfYear()) + " ≠ income total − carry-over − expenditure total = " + plain(expected)));
            }
        }
    }

    private void threePublic(String p, ThreePublic t) {
        if (t == null) {
            missing(p, "三公经费", "three public expenses");
            return;
        }
        amount(p + ".reception", t.reception(), true);
        amount(p + ".vehicleOperation", t.vehicleOperation(), true);
        amount(p + ".vehiclePurchase", t.vehiclePurchase(), true);
        amount(p + ".overseasTravel", t.overseasTravel(), true);
        amount(p + ".total", t.total(), true);
        sumRule(p + ".total", t.total(), "三公经费合计", "three-public total", "各项之和", "the sum of its items",
                t.reception(), t.vehicleOperation(), t.vehiclePurchase(), t.overseasTravel());
    }

    private void fixedAssets(String p, FixedAssets a) {
        if (a == null) {
            missing(p, "固定资产", "fixed assets");
            return;
        }
        amount(p + ".inUse", a.inUse(), true);
        amount(p + ".leasedOut", a.leasedOut(), true);
        amount(p + ".other", a.other(), true);
        amount(p + ".total", a.total(), true);
        sumRule(p + ".total", a.total(), "固定资产合计", "fixed-asset total", "在用 + 出租 + 其他", "in use + leased out + other",
                a.inUse(), a.leasedOut(), a.other());
    }

    private void baseData(EvaluationBaseData d) {
        if (d == null) {
            missing("$.baseData", "评价基础数据", "evaluation base data");
            return;
        }
        String p = "$.baseData";
        amount(p + ".initialBudget", d.initialBudget(), false);
        // an adjustment may reduce the budget
        signedAmount(p + ".budgetAdjustment", d.budgetAdjustment(), false);
        amount(p + ".keyProjectExpenditure", d.keyProjectExpenditure(), false);
        amount(p + ".threePublicControlFigure", d.threePublicControlFigure(), false);
        amount(p + ".lastYearThreePublicTotal", d.lastYearThreePublicTotal(), false);
        amount(p + ".procurementBudget", d.procurementBudget(), false);
        amount(p + ".procurementActual", d.procurementActual(), false);
        amount(p + ".officialCardPayments", d.officialCardPayments(), false);
        amount(p + ".officialCardEligibleSpending", d.officialCardEligibleSpending(), false);
        count(p + ".lateSpecialFunds", d.lateSpecialFunds(), false, "未按进度下达的专项资金个数", "late special funds");
        count(p + ".fundUseViolations", d.fundUseViolations(), false, "资金使用违规次数", "fund-use violations");
        count(p + ".assetViolations", d.assetViolations(), false, "资产管理违规次数", "asset-management violations");
        rate(p + ".satisfactionRate", d.satisfactionRate());
        if (d.officialCardPayments() != null && d.officialCardEligibleSpending() != null
                && d.officialCardPayments().compareTo(d.officialCardEligibleSpending()) > 0) {
            add(p + ".officialCardPayments", "exceeds", Text.of("公务卡支付金额不能大于应使用公务卡结算的支出",
                    "official-card payments cannot exceed the spending that should go by official card"));
        }
    }

    private void goals(FilingContent c) {
        if (c.qualitativeGoals() != null) {
            for (int i = 0; i < c.qualitativeGoals().size(); i++) {
                var g = c.qualitativeGoals().get(i);
                String p = "$.qualitativeGoals[" + i + "]";
                if (g == null) {
                    missing(p, "定性目标", "qualitative goal");
                    continue;
                }
                requiredText(p + ".goal", g.goal(), "定性目标", "goal");
                requiredText(p + ".achieved", g.achieved(), "实际完成", "what was achieved");
            }
        }
        List<QuantitativeIndicator> q = c.quantitativeIndicators();
        if (q == null || q.isEmpty()) {
            missing("$.quantitativeIndicators", "定量目标（至少一项）", "quantitative indicators (at least one)");
            return;
        }
        for (int i = 0; i < q.size(); i++) {
            QuantitativeIndicator qi = q.get(i);
            String p = "$.quantitativeIndicators[" + i + "]";
            if (qi == null) {
                missing(p, "定量目标", "quantitative indicator");
                continue;
            }
            requiredText(p + ".name", qi.name(), "指标名称", "name");
            requiredText(p + ".target", qi.target(), "绩效目标", "target");
            requiredText(p + ".actual", qi.actual(), "完成情况", "actual");
            if (qi.level1() == null || !CATEGORIES.containsKey(qi.level1())) {
                add(p + ".level1", "invalid-value", Text.of("一级指标须为 OUTPUT（产出）或 OUTCOME（效益）", "level1 must be OUTPUT or OUTCOME"));
            } else if (qi.category() == null || !CATEGORIES.get(qi.level1()).contains(qi.category())) {
                add(p + ".category", "invalid-value", Text.of("二级指标须为 " + CATEGORIES.get(qi.level1()) + " 之一",
                        "category must be one of " + CATEGORIES.get(qi.level1())));
            }
        }
    }

    private void selfEvaluation(SelfEvaluation s) {
        if (s == null) {
            missing("$.selfEvaluation", "自评", "self-evaluation");
            return;
        }
        String p = "$.selfEvaluation";
        Set<String> scored = new HashSet<>();
        List<SelfScore> scores = s.scores() == null ? List.of() : s.scores();
        int before = problems.size();
        BigDecimal selfSum = BigDecimal.ZERO;
        BigDecimal notApplicablePoints = BigDecimal.ZERO;
        for (int i = 0; i < scores.size(); i++) {
            SelfScore sc = scores.get(i);
            String sp = p + ".scores[" + i + "]";
            if (sc == null || sc.indicatorCode() == null) {
                missing(sp + ".indicatorCode", "指标代码", "indicator code");
                continue;
            }
            BigDecimal points = indicatorPoints.get(sc.indicatorCode());
            if (points == null) {
                add(sp + ".indicatorCode", "unknown-indicator", Text.of("评分表中没有指标 " + sc.indicatorCode(),
                        "the cycle's rubric has no indicator " + sc.indicatorCode()));
                continue;
            }
            if (!scored.add(sc.indicatorCode())) {
                add(sp + ".indicatorCode", "duplicate", Text.of("指标 " + sc.indicatorCode() + " 重复自评", "indicator " + sc.indicatorCode() + " scored twice"));
            }
            if (Boolean.TRUE.equals(sc.notApplicable())) {
                if (sc.score() != null) {
                    add(sp + ".score", "not-applicable-scored", Text.of("无此考核指标时不应填写得分", "a not-applicable indicator takes no score"));
                }
                notApplicablePoints = notApplicablePoints.add(points);
                continue;
            }
            if (sc.score() == null) {
                missing(sp + ".score", "自评得分", "self-score");
                continue;
            }
            selfSum = selfSum.add(sc.score());
            decimals(sp + ".score", sc.score());
            if (sc.score().signum() < 0 || sc.score().compareTo(points) > 0) {
                add(sp + ".score", "out-of-range", Text.of("自评得分须在 0 到 " + plain(points) + " 之间",
                        "self-score must be between 0 and " + plain(points)));
            } else if (sc.score().compareTo(points) < 0 && (sc.deductionReason() == null || sc.deductionReason().isBlank())) {
                add(sp + ".deductionReason", "required", Text.of("扣分时须说明扣分原因", "a deduction needs its reason"));
            }
        }
        for (String code : indicatorPoints.keySet()) {
            if (!scored.contains(code)) {
                add(p + ".scores", "indicator-missing", Text.of("缺少指标 " + code + " 的自评（或标注无此考核指标）",
                        "no self-score (nor not-applicable mark) for indicator " + code));
            }
        }
        if (s.totalScore() == null) {
            missing(p + ".totalScore", "绩效自评综合得分", "total self-score");
        } else {
            decimals(p + ".totalScore", s.totalScore());
            if (s.totalScore().signum() < 0 || s.totalScore().compareTo(HUNDRED) > 0) {
                add(p + ".totalScore", "out-of-range", Text.of("综合得分须在 0 到 100 之间", "total score must be between 0 and 100"));
            } else if (problems.size() == before) {
                selfTotal(p + ".totalScore", s.totalScore(), selfSum, notApplicablePoints);
            }
        }
        if (s.grade() == null) {
            missing(p + ".grade", "自评等次", "self-assessed grade");
        } else if (!GRADES.contains(s.grade())) {
            add(p + ".grade", "invalid-value", Text.of("等次须为 优、良、中、差 之一", "grade must be one of 优, 良, 中, 差"));
        }
        if (s.evaluators() == null || s.evaluators().isEmpty()) {
            missing(p + ".evaluators", "评价人员", "evaluation team");
        } else {
            for (int i = 0; i < s.evaluators().size(); i++) {
                var e = s.evaluators().get(i);
                requiredText(p + ".evaluators[" + i + "].name", e == null ? null : e.name(), "姓名", "name");
            }
        }
    }

    /**
     * The total self-score is the sum of the indicator self-scores: the self-assessment report sets
     * it against the final score, and a total the scores do not add up to would show a gap that is
     * not there. A not-applicable indicator may count for anything from nothing to its full points
     * (the rubric version's policy decides, which the filer need not know; pro-rating to 100 lands
     * in between too), so with such indicators the total must lie in that range.
     */
    private void selfTotal(String path, BigDecimal total, BigDecimal selfSum, BigDecimal notApplicablePoints) {
        if (notApplicablePoints.signum() == 0) {
            if (total.compareTo(selfSum) != 0) {
                add(path, "sum-mismatch", Text.of(
                        "绩效自评综合得分 " + plain(total) + " ≠ 各指标自评得分之和 " + plain(selfSum),
                        "total self-score " + plain(total) + " ≠ the sum of the indicator self-scores " + plain(selfSum)));
            }
            return;
        }
        BigDecimal highest = selfSum.add(notApplicablePoints);
        if (total.compareTo(selfSum) < 0 || total.compareTo(highest) > 0) {
            add(path, "sum-mismatch", Text.of(
                    "绩效自评综合得分 " + plain(total) + " 应在各指标自评得分之和 " + plain(selfSum) + " 与其加上无此考核指标的分值 "
                            + plain(highest) + " 之间",
                    "total self-score " + plain(total) + " must lie between the sum of the indicator self-scores " + plain(selfSum)
                            + " and that sum with the not-applicable indicators' points, " + plain(highest)));
        }
    }

    private void report(FilingContent c) {
        var r = c.report();
        if (r == null) {
            missing("$.report", "报告正文", "report text");
            return;
        }
        requiredText("$.report.overview", r.overview(), "部门概况", "overview");
        requiredText("$.report.problems", r.problems(), "存在的主要问题", "main problems");
        requiredText("$.report.improvements", r.improvements(), "改进措施", "improvement measures");
    }

    // --- field rules ------------------------------------------------------------------------

    private void sumRule(String path, BigDecimal total, String totalZh, String totalEn, String partsZh, String partsEn,
            BigDecimal... parts) {
        if (total == null) {
            return;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal part : parts) {
            if (part == null) {
                return; // the missing part is reported on its own
            }
            sum = sum.add(part);
        }
        if (sum.compareTo(total) != 0) {
            add(path, "sum-mismatch", Text.of(
                    totalZh + " " + plain(total) + " ≠ " + partsZh + " " + plain(sum),
                    totalEn + " " + plain(total) + " ≠ " + partsEn + " " + plain(sum)));
        }
    }

    private void amount(String path, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                add(path, "required", Text.of("必须填写（万元）", "required (10,000 CNY)"));
            }
            return;
        }
        if (value.signum() < 0) {
            add(path, "negative", Text.of("金额不能为负", "amount cannot be negative"));
        }
        decimals(path, value);
    }

    private void signedAmount(String path, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                add(path, "required", Text.of("必须填写（万元）", "required (10,000 CNY)"));
            }
            return;
        }
        decimals(path, value);
    }

    private void decimals(String path, BigDecimal value) {
        // stripping only lowers the scale: most figures are decided without building a new decimal
        if (value.scale() > 2 && value.stripTrailingZeros().scale() > 2) {
            add(path, "too-many-decimals", Text.of("最多两位小数：" + value.toPlainString(), "at most 2 decimals: " + value.toPlainString()));
        }
    }

    private void rate(String path, BigDecimal value) {
        if (value == null) {
            return;
        }
        decimals(path, value);
        if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
            add(path, "out-of-range", Text.of("百分率须在 0 到 100 之间", "a rate must be between 0 and 100"));
        }
    }

    private void count(String path, Integer value, boolean required, String zh, String en) {
        if (value == null) {
            if (required) {
                missing(path, zh, en);
            }
            return;
        }
        if (value < 0) {
            add(path, "negative", Text.of(zh + "不能为负", en + " cannot be negative"));
        }
    }

    /**
     * A list of paragraphs needs at least one, and each one given must say something: an empty
     * paragraph, or a null, would print as a blank or "null" line in the published report.
     */
    private void paragraphs(String path, List<String> values, String zh, String en) {
        if (values == null || values.isEmpty()) {
            missing(path, zh, en);
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i).isBlank()) {
                add(path + "[" + i + "]", "required", Text.of(zh + "第 " + (i + 1) + " 段为空（不需要的请删除）",
                        en + ": paragraph " + (i + 1) + " is empty (remove it if it is not needed)"));
            }
        }
    }

    private void requiredText(String path, String value, String zh, String en) {
        if (value == null || value.isBlank()) {
            missing(path, zh, en);
        }
    }

    private void missing(String path, String zh, String en) {
        add(path, "required", Text.of("缺少" + zh, en + " is required"));
    }

    private void add(String path, String code, Text message) {
        problems.add(new Violation(path, code, message));
    }

    private static String plain(BigDecimal v) {
        return v.toPlainString();
    }
}
