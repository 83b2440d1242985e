package cn.jixiao.reporting.report;

import static cn.jixiao.reporting.support.Api.dec;
import static cn.jixiao.reporting.support.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.reporting.support.HandDistrict;
import cn.jixiao.reporting.support.Messages;
import cn.jixiao.reporting.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every report of the hand-computed district (see {@link HandDistrict}), number by number. */
@QuarkusTest
class ReportNumbersTest {

    @BeforeEach
    void district() {
        HandDistrict.ensureDelivered();
    }

    @Test
    void rankingOrdersByFinalScoreAndTiesShareARank() {
        JsonNode r = json("/api/v1/reports/2030/ranking", Tokens.viewer());
        assertEquals(3, r.get("totalItems").asInt());
        JsonNode items = r.get("items");
        assertRow(items.get(0), 1, "HD1", "92.50", "优");
        assertRow(items.get(1), 2, "HD2", "85.00", "良");
        assertRow(items.get(2), 2, "HD3", "85.00", "良");
        assertEquals("财政局", items.get(0).get("departmentName").asText());
        assertEquals("综合", items.get(0).get("departmentGroup").asText());
        assertEquals(dec("95.00"), dec(items.get(0), "selfTotalScore"));
        assertNull(dec(items.get(2), "selfTotalScore"));

        JsonNode y2 = json("/api/v1/reports/2031/ranking", Tokens.reviewer()).get("items");
        // HD2's version 2 counts (91.00), HD1's late revision 1 does not, HD3's re-score (99.00) is not official
        assertRow(y2.get(0), 1, "HD2", "91.00", "优");
        assertRow(y2.get(1), 2, "HD1", "78.00", "中");
        assertRow(y2.get(2), 3, "HD3", "55.00", "差");
    }

    @Test
    void rankingPagesAndFiltersByGroupAndCycle() {
        JsonNode page = json("/api/v1/reports/2030/ranking?size=2&page=1", Tokens.admin());
        assertEquals(3, page.get("totalItems").asInt());
        assertEquals(2, page.get("totalPages").asInt());
        assertEquals(1, page.get("items").size());
        assertRow(page.get("items").get(0), 2, "HD3", "85.00", "良");

        JsonNode group = json("/api/v1/reports/2030/ranking?group=教科文卫", Tokens.viewer());
        assertEquals(2, group.get("totalItems").asInt());
        assertRow(group.get("items").get(0), 1, "HD2", "85.00", "良");
        assertRow(group.get("items").get(1), 1, "HD3", "85.00", "良");

        assertEquals(3, json("/api/v1/reports/2030/ranking?cycleId=301", Tokens.viewer()).get("totalItems").asInt());
        // a cycle with no results yet may be the year's: an empty report
        assertEquals(0, json("/api/v1/reports/2030/ranking?cycleId=399", Tokens.viewer()).get("totalItems").asInt());
        // one whose results are another year's is named as the mistake, not answered as an empty district
        io.restassured.RestAssured.given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "en")
                .get("/api/v1/reports/2030/ranking?cycleId=311").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("cycleId"))
                .body("errors[0].code", org.hamcrest.Matchers.equalTo("other-year"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("of 2031"));
        io.restassured.RestAssured.given().auth().oauth2(Tokens.viewer())
                .get("/api/v1/reports/2031/finance?cycleId=311&previousCycleId=311").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("previousCycleId"));
        assertEquals(301, json("/api/v1/reports/2031/finance?cycleId=311&previousCycleId=301", Tokens.viewer()).get("previousCycleId").asInt());
    }

    @Test
    void gradeDistributionListsEveryGradeWithItsShare() {
        JsonNode g = json("/api/v1/reports/2030/grades", Tokens.viewer());
        assertEquals(3, g.get("departmentCount").asInt());
        assertGrade(g.get("grades").get(0), "优", 1, "33.33");
        assertGrade(g.get("grades").get(1), "良", 2, "66.67");
        assertGrade(g.get("grades").get(2), "中", 0, "0.00");
        assertGrade(g.get("grades").get(3), "差", 0, "0.00");

        JsonNode g2 = json("/api/v1/reports/2031/grades", Tokens.viewer());
        assertGrade(g2.get("grades").get(0), "优", 1, "33.33");
        assertGrade(g2.get("grades").get(1), "良", 0, "0.00");
        assertGrade(g2.get("grades").get(2), "中", 1, "33.33");
        assertGrade(g2.get("grades").get(3), "差", 1, "33.33");

        JsonNode group = json("/api/v1/reports/2031/grades?group=教科文卫", Tokens.viewer());
        assertEquals(2, group.get("departmentCount").asInt());
        assertGrade(group.get("grades").get(0), "优", 1, "50.00");
        assertGrade(group.get("grades").get(3), "差", 1, "50.00");

        JsonNode none = json("/api/v1/reports/2001/grades", Tokens.viewer());
        assertEquals(0, none.get("departmentCount").asInt());
        assertTrue(none.get("grades").get(0).get("sharePercent").isNull());
    }

    @Test
    void indicatorsShowAverageExtremesAndLosses() {
        JsonNode rows = json("/api/v1/reports/2030/indicators", Tokens.viewer()).get("indicators");
        assertEquals(3, rows.size());
        //                                   code     n  avg     min     max     losses avgLoss totalLoss avgSelf over NA
        assertIndicator(rows.get(0), "ind-a", 3, "4.67", "4.00", "5.00", 1, "1.00", "1.00", "5.00", 1, 0);
        assertIndicator(rows.get(1), "ind-b", 3, "2.33", "2.00", "3.00", 2, "1.00", "2.00", "3.00", 1, 1);
        assertIndicator(rows.get(2), "ind-c", 3, "4.33", "3.50", "5.00", 2, "1.00", "2.00", "4.50", 0, 0);
        assertEquals("财政供养人员控制率", rows.get(0).get("name").asText());
        assertEquals("投入", rows.get(0).get("level1Name").asText());
        assertEquals("预算配置", rows.get(0).get("level2Name").asText());
        assertEquals(dec("5.00"), dec(rows.get(0), "points"));

        JsonNode y2 = json("/api/v1/reports/2031/indicators", Tokens.viewer()).get("indicators");
        assertIndicator(y2.get(0), "ind-a", 3, "3.33", "2.00", "5.00", 2, "2.50", "5.00", "4.67", 2, 0);
        assertIndicator(y2.get(1), "ind-b", 3, "2.17", "1.00", "3.00", 2, "1.25", "2.50", "3.00", 2, 0);
        assertIndicator(y2.get(2), "ind-c", 3, "3.67", "2.00", "5.00", 2, "2.00", "4.00", "4.33", 0, 0);

        JsonNode group = json("/api/v1/reports/2031/indicators?group=教科文卫", Tokens.viewer()).get("indicators");
        // HD2 5.00 and HD3 2.00
        assertIndicator(group.get(0), "ind-a", 2, "3.50", "2.00", "5.00", 1, "3.00", "3.00", "5.00", 1, 0);
    }

    @Test
    void selfAssessmentGapsPerDepartmentAndAcrossYears() {
        JsonNode r = json("/api/v1/reports/2030/self-assessment-gaps", Tokens.viewer());
        JsonNode s = r.get("summary");
        assertEquals(3, s.get("departmentCount").asInt());
        assertEquals(2, s.get("selfAssessedCount").asInt());
        assertEquals(2, s.get("overScoredDepartments").asInt());
        assertEquals(dec("3.00"), dec(s, "averageGap"));
        JsonNode items = r.get("items");
        //                      dept   self     final    gap     overInd results overYears avgGapYears
        assertGap(items.get(0), "HD2", "88.50", "85.00", "3.50", 1, 2, 1, "1.25");
        assertGap(items.get(1), "HD1", "95.00", "92.50", "2.50", 1, 2, 2, "2.25");
        assertGap(items.get(2), "HD3", null, "85.00", null, 0, 2, 1, "15.00");

        JsonNode y2 = json("/api/v1/reports/2031/self-assessment-gaps", Tokens.viewer());
        assertEquals(3, y2.get("summary").get("selfAssessedCount").asInt());
        assertEquals(2, y2.get("summary").get("overScoredDepartments").asInt());
        assertEquals(dec("5.33"), dec(y2.get("summary"), "averageGap"));
        assertGap(y2.get("items").get(0), "HD3", "70.00", "55.00", "15.00", 2, 2, 1, "15.00");
        assertGap(y2.get("items").get(1), "HD1", "80.00", "78.00", "2.00", 1, 2, 2, "2.25");
        assertGap(y2.get("items").get(2), "HD2", "90.00", "91.00", "-1.00", 1, 2, 1, "1.25");
    }

    @Test
    void financeSumsWithChangeAgainstLastYear() {
        JsonNode r = json("/api/v1/reports/2031/finance", Tokens.viewer());
        assertEquals(2030, r.get("previousYear").asInt());
        assertEquals(3, r.get("departmentCount").asInt());
        assertEquals(3, r.get("previousDepartmentCount").asInt());
        JsonNode items = r.get("items");
        //                          item                 amount    previous  change   %
        assertFinance(items.get(0), "incomeTotal", "900.00", "850.40", "49.60", "5.83");
        assertFinance(items.get(1), "expenditureTotal", "835.00", "801.15", "33.85", "4.23");
        assertFinance(items.get(2), "basicExpenditure", "695.00", "671.15", "23.85", "3.55");
        assertFinance(items.get(3), "projectExpenditure", "140.00", "130.00", "10.00", "7.69");
        assertFinance(items.get(4), "balanceOfYear", "65.00", "49.25", "15.75", "31.98");
        assertFinance(items.get(5), "accumulatedBalance", "129.25", "64.25", "65.00", "101.17");
        assertFinance(items.get(6), "threePublicTotal", "15.50", "16.90", "-1.40", "-8.28");
        assertFinance(items.get(7), "fixedAssetsTotal", "485.00", "470.00", "15.00", "3.19");
        assertEquals("收入合计", items.get(0).get("name").asText());

        // no 2029: no comparison
        JsonNode first = json("/api/v1/reports/2030/finance", Tokens.viewer());
        assertFinance(first.get("items").get(0), "incomeTotal", "850.40", null, null, null);

        JsonNode group = json("/api/v1/reports/2031/finance?group=综合", Tokens.viewer());
        assertFinance(group.get("items").get(0), "incomeTotal", "260.00", "250.40", "9.60", "3.83");
    }

    @Test
    void trendShowsADepartmentAcrossYears() {
        JsonNode t = json("/api/v1/reports/departments/HD3/trend", Tokens.viewer());
        assertEquals("卫健局", t.get("departmentName").asText());
        assertEquals("教科文卫", t.get("departmentGroup").asText());
        JsonNode years = t.get("years");
        assertEquals(2, years.size());
        assertEquals(2030, years.get(0).get("fiscalYear").asInt());
        assertEquals(dec("85.00"), dec(years.get(0), "totalScore"));
        assertEquals("良", years.get(0).get("grade").asText());
        assertEquals(2, years.get(0).get("rank").asInt());
        assertEquals(3, years.get(0).get("departmentCount").asInt());
        assertNull(dec(years.get(0), "change"));
        assertEquals(2031, years.get(1).get("fiscalYear").asInt());
        assertEquals(dec("55.00"), dec(years.get(1), "totalScore"));
        assertEquals(dec("70.00"), dec(years.get(1), "selfTotalScore"));
        assertEquals("差", years.get(1).get("grade").asText());
        assertEquals(3, years.get(1).get("rank").asInt());
        assertEquals(dec("-30.00"), dec(years.get(1), "change"));
    }

    static void assertRow(JsonNode row, int rank, String dept, String total, String grade) {
        assertEquals(rank, row.get("rank").asInt(), row.toString());
        assertEquals(dept, row.get("departmentCode").asText(), row.toString());
        assertEquals(dec(total), dec(row, "totalScore"), row.toString());
        assertEquals(grade, row.get("grade").asText(), row.toString());
    }

    static void assertGrade(JsonNode row, String grade, int count, String share) {
        assertEquals(grade, row.get("grade").asText());
        assertEquals(count, row.get("departmentCount").asInt(), row.toString());
        assertEquals(dec(share), dec(row, "sharePercent"), row.toString());
    }

    @Test
    void aYearWithSeveralCyclesIsReportedOneCycleAtATime() {
        // MC1 filed in both of 2093's cycles (931, 932), MC2 in the first only: summed over the year,
        // MC1 was ranked twice and its money counted twice
        assertEquals("APPLIED", Messages.deliver(multiCycle("MC1", 2093, 931, "80.00", "良", "100.00")));
        assertEquals("APPLIED", Messages.deliver(multiCycle("MC2", 2093, 931, "70.00", "中", "50.00")));
        assertEquals("APPLIED", Messages.deliver(multiCycle("MC1", 2093, 932, "82.00", "良", "110.00")));
        for (String report : java.util.List.of("ranking", "grades", "indicators", "self-assessment-gaps", "finance")) {
            io.restassured.RestAssured.given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "en")
                    .get("/api/v1/reports/2093/" + report).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("cycleId"))
                    .body("errors[0].code", org.hamcrest.Matchers.equalTo("cycle-required"))
                    .body("detail", org.hamcrest.Matchers.containsString("[931, 932]"));
        }
        // a filer's own figures follow the same rule over its own cycles, and learn no other department's:
        // MC2 filed in 931 only, so its year is one cycle (it was told of 932, MC1's, and refused)
        io.restassured.RestAssured.given().auth().oauth2(Tokens.filer("MC1")).header("Accept-Language", "en")
                .get("/api/v1/reports/2093/grades").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("[931, 932]"));
        JsonNode own = json("/api/v1/reports/2093/grades", Tokens.filer("MC2"));
        assertEquals(1, own.get("departmentCount").asInt(), own.toString());
        assertEquals(2, json("/api/v1/reports/2093/ranking?cycleId=931", Tokens.viewer()).get("totalItems").asInt());
        assertEquals(1, json("/api/v1/reports/2093/ranking?cycleId=932", Tokens.viewer()).get("totalItems").asInt());
        assertEquals(2, json("/api/v1/reports/2093/finance?cycleId=931", Tokens.viewer()).get("departmentCount").asInt());

        // 2094 has one cycle: no cycleId needed; but which of 2093's to compare with is the caller's to say
        assertEquals("APPLIED", Messages.deliver(multiCycle("MC1", 2094, 941, "85.00", "良", "121.00")));
        io.restassured.RestAssured.given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/2094/finance").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("previousCycleId"))
                .body("errors[0].code", org.hamcrest.Matchers.equalTo("cycle-required"));
        JsonNode finance = json("/api/v1/reports/2094/finance?previousCycleId=932", Tokens.viewer());
        assertEquals(932, finance.get("previousCycleId").asLong());
        assertEquals(1, finance.get("departmentCount").asInt());
        assertEquals(1, finance.get("previousDepartmentCount").asInt());
        assertFinance(finance.get("items").get(0), "incomeTotal", "121.00", "110.00", "11.00", "10.00");
        assertEquals(1, json("/api/v1/reports/2094/ranking", Tokens.viewer()).get("totalItems").asInt());
    }

    /** A rise from a negative figure is a rise: the change is taken against the size of last year's figure. */
    @Test
    void aChangeFromANegativeBalanceIsARise() {
        assertEquals("APPLIED", Messages.deliver(Messages.evaluation("NB1", "部门NB1", "综合", 2095, 951).totals("80.00", null, "良")
                .indicator("ind-a", "5.00", "5.00", null, null, false, false)
                .finance("100.00", "105.00", "105.00", "0.00", "-5.00", "-5.00", "1.00", "10.00").build()));
        assertEquals("APPLIED", Messages.deliver(Messages.evaluation("NB1", "部门NB1", "综合", 2096, 961).totals("80.00", null, "良")
                .indicator("ind-a", "5.00", "5.00", null, null, false, false)
                .finance("110.00", "100.00", "100.00", "0.00", "10.00", "5.00", "1.00", "10.00").build()));
        JsonNode items = json("/api/v1/reports/2096/finance", Tokens.viewer()).get("items");
        assertFinance(items.get(4), "balanceOfYear", "10.00", "-5.00", "15.00", "300.00");
        assertFinance(items.get(5), "accumulatedBalance", "5.00", "-5.00", "10.00", "200.00");
        assertFinance(items.get(1), "expenditureTotal", "100.00", "105.00", "-5.00", "-4.76");
    }

    /**
     * The indicators are listed in the rubric's order even when a department's rubric dropped one:
     * the positions after it were counted over the kept indicators only, and the report's order
     * (the lowest position any department gives an indicator, then the code) put them out of order.
     */
    @Test
    void indicatorsKeepTheRubricsOrderWhenOneIsDropped() {
        // the rubric's order here is c, b, a: not the codes' order
        assertEquals("APPLIED", Messages.deliver(Messages.evaluation("DO1", "部门DO1", "综合", 2058, 581).totals("90.00", null, "优")
                .indicator("ind-c", "5.00", null, null, "5.00", false, false)
                .indicator("ind-b", "0.00", "2.00", null, null, false, true)
                .indicator("ind-a", "5.00", "5.00", null, null, false, false).dropped("ind-b").build()));
        assertEquals("APPLIED", Messages.deliver(Messages.evaluation("DO2", "部门DO2", "综合", 2058, 581).totals("80.00", null, "良")
                .indicator("ind-c", "4.00", null, null, "4.00", false, false)
                .indicator("ind-b", "2.00", "2.00", null, null, false, false)
                .indicator("ind-a", "4.00", "4.00", null, null, false, false).build()));
        JsonNode rows = json("/api/v1/reports/2058/indicators", Tokens.viewer()).get("indicators");
        assertEquals(java.util.List.of("ind-c", "ind-b", "ind-a"),
                java.util.List.of(rows.get(0).get("code").asText(), rows.get(1).get("code").asText(), rows.get(2).get("code").asText()));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode multiCycle(String dept, int year, long cycle, String total, String grade,
            String income) {
        return Messages.evaluation(dept, "部门" + dept, "综合", year, cycle).totals(total, null, grade)
                .indicator("ind-a", "5.00", "5.00", null, null, false, false)
                .finance(income, income, income, "0.00", "0.00", "0.00", "1.00", "10.00").build();
    }

    @Test
    void anIndicatorTheRubricDroppedCountsForNoDepartment() {
        // DP1 declared ind-b not applicable under a rubric version that drops it and pro-rates the
        // total: its 0 there is no score, and no points lost
        assertEquals("APPLIED", Messages.deliver(Messages.evaluation("DP1", "审计局", "综合", 2057, 571).totals("97.00", null, "优")
                .indicator("ind-a", "5.00", "5.00", null, null, false, false)
                .indicator("ind-b", "0.00", "2.00", null, null, false, true)
                .indicator("ind-c", "4.70", null, null, "4.70", false, false).dropped("ind-b").build()));
        assertEquals("APPLIED", Messages.deliver(Messages.evaluation("DP2", "统计局", "综合", 2057, 571).totals("80.00", null, "良")
                .indicator("ind-a", "4.00", "4.00", null, null, false, false)
                .indicator("ind-b", "2.00", "2.00", null, null, false, false)
                .indicator("ind-c", "4.00", null, null, "4.00", false, false).build()));
        JsonNode rows = json("/api/v1/reports/2057/indicators", Tokens.viewer()).get("indicators");
        JsonNode b = rows.get(1);
        assertEquals("ind-b", b.get("code").asText());
        assertEquals(1, b.get("departmentCount").asInt(), b.toString());
        assertEquals(dec("2.00"), dec(b, "averageScore"), b.toString());
        assertEquals(dec("2.00"), dec(b, "minScore"), b.toString());
        assertEquals(1, b.get("lossCount").asInt(), b.toString());
        assertEquals(dec("1.00"), dec(b, "totalLoss"), b.toString());
        assertEquals(0, b.get("notApplicableCount").asInt(), b.toString());
        assertEquals(2, rows.get(0).get("departmentCount").asInt());
        // the department's own view has no row for it either
        assertEquals(2, json("/api/v1/reports/2057/indicators", Tokens.filer("DP1")).get("indicators").size());
    }

    static void assertIndicator(JsonNode row, String code, int n, String avg, String min, String max, int losses,
            String avgLoss, String totalLoss, String avgSelf, int over, int notApplicable) {
        assertEquals(code, row.get("code").asText());
        assertEquals(n, row.get("departmentCount").asInt(), row.toString());
        assertEquals(dec(avg), dec(row, "averageScore"), row.toString());
        assertEquals(dec(min), dec(row, "minScore"), row.toString());
        assertEquals(dec(max), dec(row, "maxScore"), row.toString());
        assertEquals(losses, row.get("lossCount").asInt(), row.toString());
        assertEquals(dec(avgLoss), dec(row, "averageLoss"), row.toString());
        assertEquals(dec(totalLoss), dec(row, "totalLoss"), row.toString());
        assertEquals(dec(avgSelf), dec(row, "averageSelfScore"), row.toString());
        assertEquals(over, row.get("overScoredCount").asInt(), row.toString());
        assertEquals(notApplicable, row.get("notApplicableCount").asInt(), row.toString());
    }

    static void assertGap(JsonNode row, String dept, String self, String total, String gap, int overIndicators,
            int results, int overYears, String avgGapYears) {
        assertEquals(dept, row.get("departmentCode").asText(), row.toString());
        assertEquals(self == null ? null : dec(self), dec(row, "selfTotalScore"), row.toString());
        assertEquals(dec(total), dec(row, "totalScore"), row.toString());
        assertEquals(gap == null ? null : dec(gap), dec(row, "gap"), row.toString());
        assertEquals(overIndicators, row.get("overScoredIndicators").asInt(), row.toString());
        assertEquals(results, row.get("resultsAcrossYears").asInt(), row.toString());
        assertEquals(overYears, row.get("overScoredAcrossYears").asInt(), row.toString());
        assertEquals(dec(avgGapYears), dec(row, "averageGapAcrossYears"), row.toString());
    }

    static void assertFinance(JsonNode row, String item, String amount, String previous, String change, String percent) {
        assertEquals(item, row.get("item").asText());
        assertEquals(dec(amount), dec(row, "amount"), row.toString());
        assertEquals(previous == null ? null : new BigDecimal(previous), dec(row, "previousAmount"), row.toString());
        assertEquals(change == null ? null : new BigDecimal(change), dec(row, "change"), row.toString());
        assertEquals(percent == null ? null : new BigDecimal(percent), dec(row, "changePercent"), row.toString());
    }
}
