package cn.jixiao.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A sample district of 12 departments over three fiscal years, loaded only through the public
 * APIs with real tokens, as a bureau would: most filings consistent and scored, some
 * over-scored, one without project expenditure (an indicator not computable), one marking an
 * indicator not applicable, some returned, some drafts, two drafts whose totals do not add up.
 */
final class SampleDistrict {

    static final String RUBRIC = "department-overall";
    static final int[] YEARS = {2021, 2022, 2023};
    static final String[][] DEPARTMENTS = {
            {"D001", "县教育局", "教科文卫"}, {"D002", "县卫生健康局", "教科文卫"}, {"D003", "县农业农村局", "农林水"},
            {"D004", "县交通运输局", "城建交通"}, {"D005", "县民政局", "社会保障"}, {"D006", "县公安局", "政法"},
            {"D007", "县住房和城乡建设局", "城建交通"}, {"D008", "县文化旅游广电体育局", "教科文卫"},
            {"D009", "县市场监督管理局", "经济管理"}, {"D010", "县自然资源局", "农林水"},
            {"D011", "县人力资源和社会保障局", "社会保障"}, {"D012", "县水利局", "农林水"}};
    static final ZoneOffset CST = ZoneOffset.ofHours(8);

    private final Settings s;
    private final Api api;
    private final String submission;

    SampleDistrict(Settings s) {
        this.s = s;
        this.api = new Api(s);
        this.submission = s.url(s.submissionPort()) + "/api/v1";
    }

    void loadIfEmpty() throws InterruptedException {
        String admin = api.passwordToken("admin");
        JsonNode existing = api.get(submission + "/departments", admin).expect(200).body();
        if (existing.size() > 0) {
            Platform.say("Sample district already loaded (%d departments)", existing.size());
            return;
        }
        Platform.say("Loading the sample district through the public APIs…");
        for (String[] d : DEPARTMENTS) {
            ObjectNode body = Api.JSON.createObjectNode().put("code", d[0]).put("name", d[1]).put("group", d[2]);
            ArrayNode subs = body.putArray("subUnits");
            subs.addObject().put("code", d[0] + "-01").put("name", "局机关");
            subs.addObject().put("code", d[0] + "-02").put("name", d[1].replace("县", "县直") + "下属事业单位");
            api.post(submission + "/departments", admin, body, Map.of()).expect(201);
        }
        Map<Integer, Long> cycles = new java.util.TreeMap<>();
        for (int year : YEARS) {
            OffsetDateTime deadline = year == 2023 ? OffsetDateTime.now(CST).plusDays(60)
                    : OffsetDateTime.of(year + 1, 3, 31, 23, 59, 59, 0, CST);
            ObjectNode body = Api.JSON.createObjectNode().put("name", year + "年度部门整体支出绩效自评")
                    .put("fiscalYear", year).put("deadline", deadline.toString())
                    .put("rubricCode", RUBRIC).put("rubricVersion", 1);
            cycles.put(year, createCycle(admin, body));
        }
        String reviewer = api.passwordToken("reviewer");
        int submitted = 0;
        for (int year : YEARS) {
            long cycleId = cycles.get(year);
            JsonNode points = api.get(submission + "/cycles/" + cycleId, admin).expect(200).body().get("indicatorPoints");
            for (int i = 0; i < DEPARTMENTS.length; i++) {
                String code = DEPARTMENTS[i][0];
                String filer = api.passwordToken("filer-" + code.toLowerCase());
                Plan plan = plan(year, i);
                ObjectNode content = content(code, DEPARTMENTS[i][1], year, i, plan, points);
                Api.Reply draft = api.post(submission + "/filings", filer,
                        Api.JSON.createObjectNode().put("cycleId", cycleId).set("content", content), Map.of()).expect(201);
                String id = draft.body().get("id").asText();
                String etag = draft.etag();
                if (plan == Plan.DRAFT || plan == Plan.INCONSISTENT_DRAFT) {
                    continue;
                }
                if (year != 2023) {
                    // past cycles: the bureau reopened them for the platform's first load
                    etag = api.post(submission + "/filings/" + id + "/reopen", reviewer,
                            Map.of("until", OffsetDateTime.now(CST).plusDays(1).toString(), "reason", "历史数据补录"),
                            Map.of("If-Match", etag)).expect(200).etag();
                }
                etag = api.post(submission + "/filings/" + id + "/submit", filer, null, Map.of("If-Match", etag)).expect(200).etag();
                submitted++;
                if (plan == Plan.ACCEPTED) {
                    api.post(submission + "/filings/" + id + "/accept", reviewer, null, Map.of("If-Match", etag)).expect(200);
                } else if (plan == Plan.RETURNED || plan == Plan.RESUBMITTED) {
                    etag = api.post(submission + "/filings/" + id + "/return", reviewer,
                            Map.of("reason", "请补充专项资金使用情况说明"), Map.of("If-Match", etag)).expect(200).etag();
                    if (plan == Plan.RESUBMITTED) {
                        ((ObjectNode) content.get("report")).put("specialFunds", "专项资金均按进度拨付，详见附表。");
                        etag = api.put(submission + "/filings/" + id, filer, Map.of("content", content), Map.of("If-Match", etag)).expect(200).etag();
                        api.post(submission + "/filings/" + id + "/submit", filer, null, Map.of("If-Match", etag)).expect(200);
                        submitted++;
                    }
                }
            }
        }
        Platform.say("Sample district loaded: %d departments, %d cycles, %d submissions (scored as they arrive)",
                DEPARTMENTS.length, cycles.size(), submitted);
    }

    private long createCycle(String admin, ObjectNode body) throws InterruptedException {
        // scoring-service installs the default rubric at its first start; wait for it briefly
        for (int attempt = 0; ; attempt++) {
            Api.Reply r = api.post(submission + "/cycles", admin, body, Map.of());
            if (r.status() == 201) {
                return r.body().get("id").asLong();
            }
            if (attempt > 30) {
                r.expect(201);
            }
            Thread.sleep(1000);
        }
    }

    /** What happens to a department's filing in a year. */
    enum Plan { ACCEPTED, SUBMITTED, RETURNED, RESUBMITTED, DRAFT, INCONSISTENT_DRAFT }

    static Plan plan(int year, int dept) {
        if (year < 2023) {
            return dept % 3 == 0 ? Plan.SUBMITTED : Plan.ACCEPTED;
        }
        return switch (dept) {
            case 0, 1, 2, 4, 5, 8, 10 -> Plan.SUBMITTED;
            case 3 -> Plan.RETURNED;
            case 6 -> Plan.RESUBMITTED;
            case 7 -> Plan.DRAFT;
            default -> Plan.INCONSISTENT_DRAFT;
        };
    }

    /** A filing whose finance adds up (except for an inconsistent draft), figures in 万元. */
    static ObjectNode content(String code, String name, int year, int dept, Plan plan, JsonNode points) {
        Random r = new Random(year * 100L + dept);
        ObjectNode c = Api.JSON.createObjectNode();
        int authorized = 40 + r.nextInt(160);
        int administrative = authorized / 5;
        int actual = dept == 4 ? authorized + 3 : authorized - r.nextInt(6);
        ObjectNode basic = c.putObject("basicInfo");
        basic.put("contactName", new String[] {"王芳", "李明", "张华", "刘洋", "陈静", "杨帆"}[dept % 6])
                .put("contactPhone", "0731-8" + (1000000 + dept * 1111 + year));
        basic.putObject("headcount").put("authorized", authorized).put("administrative", administrative)
                .put("institutional", authorized - administrative).put("actual", actual);
        basic.putArray("functions").add("贯彻执行国家和省市有关" + name.replace("县", "") + "工作的方针政策").add("承担本部门预算编制和执行");
        basic.putArray("mainTasks").add(year + "年重点民生实事项目").add("深化预算绩效管理改革");
        basic.put("overallOperation", year + "年，" + name + "围绕县委县政府中心工作，完成年度主要任务。");

        ArrayNode finance = c.putArray("finance");
        BigDecimal projectTotal = BigDecimal.ZERO;
        BigDecimal threePublicTotal = BigDecimal.ZERO;
        BigDecimal inUseTotal = BigDecimal.ZERO;
        BigDecimal carryOverTotal = BigDecimal.ZERO;
        for (int u = 1; u <= 2; u++) {
            BigDecimal carryOver = money(r, 5, 40);
            BigDecimal appropriation = money(r, 150, 900);
            BigDecimal other = money(r, 0, 20);
            BigDecimal income = carryOver.add(appropriation).add(other);
            BigDecimal personnel = appropriation.multiply(new BigDecimal("0.55")).setScale(2, RoundingMode.HALF_UP);
            BigDecimal publicUse = appropriation.multiply(new BigDecimal("0.15")).setScale(2, RoundingMode.HALF_UP);
            // 人社局 (D011) runs no projects: its key-expenditure rate is not computable
            BigDecimal project = dept == 10 ? BigDecimal.ZERO : appropriation.multiply(new BigDecimal("0.22")).setScale(2, RoundingMode.HALF_UP);
            BigDecimal basicExp = personnel.add(publicUse);
            BigDecimal expenditure = basicExp.add(project);
            BigDecimal reception = money(r, 0, 3);
            BigDecimal vehicle = money(r, 0, 6);
            BigDecimal tp = reception.add(vehicle);
            BigDecimal inUse = money(r, 200, 1500);
            BigDecimal idle = money(r, 0, 60);
            ObjectNode f = finance.addObject().put("subUnitCode", code + "-0" + u).put("subUnitName", u == 1 ? "局机关" : "下属事业单位");
            f.putObject("income").put("carryOver", carryOver).put("publicFiscal", appropriation).put("governmentFund", BigDecimal.ZERO.setScale(2))
                    .put("specialAccountNonTax", BigDecimal.ZERO.setScale(2)).put("other", other)
                    .put("total", plan == Plan.INCONSISTENT_DRAFT && u == 2 ? income.add(new BigDecimal("0.10")) : income);
            f.putObject("expenditure").put("personnel", personnel).put("publicUse", publicUse).put("basic", basicExp)
                    .put("project", project).put("total", expenditure)
                    .put("balanceOfYear", income.subtract(carryOver).subtract(expenditure)).put("accumulatedBalance", income.subtract(expenditure));
            f.putObject("threePublic").put("reception", reception).put("vehicleOperation", vehicle)
                    .put("vehiclePurchase", BigDecimal.ZERO.setScale(2)).put("overseasTravel", BigDecimal.ZERO.setScale(2)).put("total", tp);
            f.putObject("fixedAssets").put("inUse", inUse).put("leasedOut", BigDecimal.ZERO.setScale(2)).put("other", idle).put("total", inUse.add(idle));
            projectTotal = projectTotal.add(project);
            threePublicTotal = threePublicTotal.add(tp);
            inUseTotal = inUseTotal.add(inUse);
            carryOverTotal = carryOverTotal.add(carryOver);
        }
        BigDecimal initial = money(r, 400, 1800);
        ObjectNode base = c.putObject("baseData");
        base.put("initialBudget", initial)
                .put("budgetAdjustment", initial.multiply(new BigDecimal(new int[] {0, 5, 8, 10, 15, 25}[(dept + year) % 6])).movePointLeft(2).setScale(2, RoundingMode.HALF_UP))
                .put("keyProjectExpenditure", projectTotal.multiply(new BigDecimal("0." + (70 + r.nextInt(29)))).setScale(2, RoundingMode.HALF_UP))
                .put("threePublicControlFigure", threePublicTotal.multiply(new BigDecimal(dept % 4 == 1 ? "0.97" : "1.05")).setScale(2, RoundingMode.HALF_UP))
                .put("lastYearThreePublicTotal", threePublicTotal.multiply(new BigDecimal(dept % 5 == 2 ? "0.95" : "1.02")).setScale(2, RoundingMode.HALF_UP))
                .put("officialCardPayments", money(r, 5, 20))
                .put("officialCardEligibleSpending", money(r, 21, 30))
                .put("lateSpecialFunds", dept % 6 == 3 ? 1 : 0)
                .put("fundUseViolations", dept % 7 == 5 ? 1 : 0)
                .put("assetViolations", 0)
                .put("satisfactionRate", new BigDecimal(84 + r.nextInt(15) + "." + r.nextInt(10) + "0"));
        // 市场监管局 (D009) has no government procurement: it marks that indicator not applicable
        if (dept != 8) {
            BigDecimal procurement = money(r, 20, 200);
            base.put("procurementBudget", procurement).put("procurementActual", procurement.subtract(dept % 4 == 0 ? new BigDecimal("2.00") : BigDecimal.ZERO));
        }
        base.putObject("checklist").put("budgetRulesExist", true).put("budgetRulesLawful", true).put("budgetRulesEnforced", dept % 5 != 3)
                .put("disclosureContent", true).put("disclosureOnTime", dept % 4 != 2).put("disclosureAuthentic", true)
                .put("disclosureComplete", true).put("disclosureAccurate", true).put("assetRulesExistLawful", true).put("assetRulesEnforced", true);
        c.putArray("qualitativeGoals").addObject().put("goal", "提升" + name.replace("县", "") + "公共服务水平").put("achieved", "年度目标基本完成");
        ArrayNode q = c.putArray("quantitativeIndicators");
        q.addObject().put("level1", "OUTPUT").put("category", "QUANTITY").put("name", "重点项目完成数").put("target", "≥10个").put("actual", (9 + r.nextInt(4)) + "个");
        q.addObject().put("level1", "OUTCOME").put("category", "SATISFACTION").put("name", "服务对象满意度").put("target", "≥90%").put("actual", base.get("satisfactionRate").asText() + "%");

        // over-scoring departments (D003, D006, D010) give themselves full marks everywhere
        boolean overScores = dept % 3 == 2;
        ObjectNode self = c.putObject("selfEvaluation");
        ArrayNode scores = self.putArray("scores");
        BigDecimal total = BigDecimal.ZERO;
        for (Iterator<Map.Entry<String, JsonNode>> it = points.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            BigDecimal max = e.getValue().decimalValue().setScale(2, RoundingMode.HALF_UP);
            ObjectNode s = scores.addObject().put("indicatorCode", e.getKey());
            if (dept == 8 && e.getKey().equals("procurement-execution-rate")) {
                s.put("notApplicable", true);
                continue;
            }
            BigDecimal score = max;
            if (!overScores && r.nextInt(4) == 0) {
                score = max.subtract(new BigDecimal(r.nextInt(3) + 1).multiply(new BigDecimal("0.50"))).max(BigDecimal.ZERO);
                s.put("deductionReason", "部分指标未达到年初目标");
            }
            s.put("score", score);
            total = total.add(score);
        }
        self.put("totalScore", total.min(new BigDecimal("100.00")));
        self.put("grade", total.compareTo(new BigDecimal("90")) >= 0 ? "优" : total.compareTo(new BigDecimal("80")) >= 0 ? "良"
                : total.compareTo(new BigDecimal("60")) >= 0 ? "中" : "差");
        self.putArray("evaluators").addObject().put("name", "赵强").put("title", "财务股长").put("unit", name);
        c.putObject("report").put("overview", name + "是县人民政府工作部门。").put("fundManagement", "严格执行预算，资金使用规范。")
                .put("specialFunds", "专项资金按规定使用。").put("performance", "年度绩效目标基本完成。")
                .put("problems", "预算编制精细化程度有待提高。").put("improvements", "加强预算绩效目标管理。");
        return c;
    }

    private static BigDecimal money(Random r, int min, int max) {
        return new BigDecimal(min * 100L + r.nextInt((max - min) * 100 + 1)).movePointLeft(2);
    }

    static List<String> departmentCodes() {
        List<String> codes = new ArrayList<>();
        for (String[] d : DEPARTMENTS) {
            codes.add(d[0]);
        }
        return codes;
    }
}
