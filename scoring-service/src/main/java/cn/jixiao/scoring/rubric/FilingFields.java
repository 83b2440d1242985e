package cn.jixiao.scoring.rubric;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The filing fields a rubric formula may name, with what they mean. Paths follow
 * submission-service's {@code FilingContent} schema; {@code financeTotals.*} are the department
 * totals (汇总) and {@code priorYear.*} the same fields of the department's filing of the year
 * before. A contract test checks every path against submission-service's kept OpenAPI document.
 */
public final class FilingFields {

    public static final String PRIOR_YEAR = "priorYear.";

    private static final Map<String, String> FIELDS;
    private static final Map<String, String> PATHS;

    static {
        Map<String, String> own = new LinkedHashMap<>();
        own.put("basicInfo.headcount.authorized", "人员编制");
        own.put("basicInfo.headcount.administrative", "行政编制");
        own.put("basicInfo.headcount.institutional", "事业编制");
        own.put("basicInfo.headcount.actual", "实有人数");
        String t = "financeTotals.";
        own.put(t + "income.carryOver", "上年结转（汇总）");
        own.put(t + "income.publicFiscal", "公共财政拨款（汇总）");
        own.put(t + "income.governmentFund", "政府基金拨款（汇总）");
        own.put(t + "income.specialAccountNonTax", "纳入专户管理的非税收入拨款（汇总）");
        own.put(t + "income.other", "其他收入（汇总）");
        own.put(t + "income.total", "收入合计（汇总）");
        own.put(t + "expenditure.personnel", "人员支出（汇总）");
        own.put(t + "expenditure.publicUse", "公用支出（汇总）");
        own.put(t + "expenditure.basic", "基本支出（汇总）");
        own.put(t + "expenditure.project", "项目支出（汇总）");
        own.put(t + "expenditure.total", "支出合计（汇总）");
        own.put(t + "expenditure.balanceOfYear", "当年结余（汇总）");
        own.put(t + "expenditure.accumulatedBalance", "累计结余（汇总）");
        own.put(t + "threePublic.reception", "公务接待费（汇总）");
        own.put(t + "threePublic.vehicleOperation", "公务用车运维费（汇总）");
        own.put(t + "threePublic.vehiclePurchase", "公务用车购置费（汇总）");
        own.put(t + "threePublic.overseasTravel", "因公出国费（汇总）");
        own.put(t + "threePublic.total", "三公经费合计（汇总）");
        own.put(t + "fixedAssets.inUse", "在用固定资产（汇总）");
        own.put(t + "fixedAssets.leasedOut", "出租固定资产（汇总）");
        own.put(t + "fixedAssets.other", "其他固定资产（汇总）");
        own.put(t + "fixedAssets.total", "固定资产合计（汇总）");
        String b = "baseData.";
        own.put(b + "initialBudget", "年初预算数");
        own.put(b + "budgetAdjustment", "预算调整数");
        own.put(b + "keyProjectExpenditure", "重点项目支出");
        own.put(b + "threePublicControlFigure", "三公经费财政下达控制数");
        own.put(b + "lastYearThreePublicTotal", "上年三公经费合计");
        own.put(b + "procurementBudget", "政府采购预算");
        own.put(b + "procurementActual", "政府采购实际");
        own.put(b + "officialCardPayments", "公务卡支付金额");
        own.put(b + "officialCardEligibleSpending", "应使用公务卡结算的支出");
        own.put(b + "lateSpecialFunds", "未按进度下达的专项资金个数");
        own.put(b + "fundUseViolations", "资金使用违规次数");
        own.put(b + "assetViolations", "资产管理违规次数");
        own.put(b + "satisfactionRate", "服务对象满意度（%）");
        String c = "baseData.checklist.";
        own.put(c + "budgetRulesExist", "预算管理制度健全");
        own.put(c + "budgetRulesLawful", "预算管理制度合法、合规、完整");
        own.put(c + "budgetRulesEnforced", "预算管理制度有效执行");
        own.put(c + "disclosureContent", "预决算公开内容");
        own.put(c + "disclosureOnTime", "公开及时");
        own.put(c + "disclosureAuthentic", "公开真实");
        own.put(c + "disclosureComplete", "公开完整");
        own.put(c + "disclosureAccurate", "公开准确");
        own.put(c + "assetRulesExistLawful", "资产管理制度健全、合法");
        own.put(c + "assetRulesEnforced", "资产管理制度有效执行");
        Map<String, String> all = new LinkedHashMap<>(own);
        own.forEach((path, label) -> all.put(PRIOR_YEAR + path, "上年" + label));
        FIELDS = Collections.unmodifiableMap(all);
        Map<String, String> paths = new HashMap<>();
        all.keySet().forEach(path -> paths.put(path, path));
        PATHS = Collections.unmodifiableMap(paths);
    }

    private FilingFields() {
    }

    /** Every field path a formula may name, with its Chinese label. */
    public static Map<String, String> all() {
        return FIELDS;
    }

    public static boolean exists(String path) {
        return FIELDS.containsKey(path);
    }

    /**
     * The catalogue's own instance of a field path, or null when there is no such field. A formula
     * keeps these instances, so each look-up of its fields by path (labels, the filing's values)
     * finds its key by identity instead of comparing the text.
     */
    public static String known(String path) {
        return PATHS.get(path);
    }

    public static String label(String path) {
        return FIELDS.getOrDefault(path, path);
    }
}
