package cn.jixiao.reporting.aggregate;

import static cn.jixiao.reporting.support.Api.dec;
import static cn.jixiao.reporting.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.jixiao.reporting.support.HandDistrict;
import cn.jixiao.reporting.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The babbage-style aggregate API against the hand-computed district. */
@QuarkusTest
class AggregateTest {

    static final String URL = "/api/v1/reports/aggregate";

    @BeforeEach
    void district() {
        HandDistrict.ensureDelivered();
    }

    @Test
    void finalScoreByIndicatorForAYear() {
        JsonNode r = json(URL + "?measure=final_score&drilldown=indicator&cut=year:2030", Tokens.viewer());
        assertEquals("indicator", r.get("facts").asText());
        assertEquals(3, r.get("totalCellCount").asInt());
        JsonNode a = r.get("cells").get(0);
        assertEquals("ind-a", a.get("indicator").asText());
        assertEquals("财政供养人员控制率", a.get("indicator.name").asText());
        assertEquals(dec("14.00"), dec(a, "final_score.sum"));
        assertEquals(dec("4.67"), dec(a, "final_score.avg"));
        assertEquals(dec("4.00"), dec(a, "final_score.min"));
        assertEquals(dec("5.00"), dec(a, "final_score.max"));
        JsonNode c = r.get("cells").get(2);
        assertEquals(dec("13.00"), dec(c, "final_score.sum"));
        assertEquals(dec("3.50"), dec(c, "final_score.min"));
        assertEquals(dec("34.00"), dec(r.get("summary"), "final_score.sum"));
        assertEquals("final_score.avg", r.get("measures").get(1).get("ref").asText());
    }

    @Test
    void deductionsAndLossesByLevel1AcrossBothYears() {
        JsonNode r = json(URL + "?measure=deduction.sum|loss_count|scored_count&drilldown=level1|year&cut=year:2030|year:2031"
                + "&order=deduction.sum:desc", Tokens.viewer());
        Map<String, JsonNode> cells = new HashMap<>();
        r.get("cells").forEach(cell -> cells.put(cell.get("level1").asText() + cell.get("year").asInt(), cell));
        assertEquals(6, cells.size());
        // 2031 input (ind-a): deductions 2.00 + 0 + 3.00
        assertEquals(dec("5.00"), dec(cells.get("input2031"), "deduction.sum"));
        assertEquals(2, cells.get("input2031").get("loss_count.count").asInt());
        assertEquals(3, cells.get("input2031").get("scored_count.count").asInt());
        assertEquals("投入", cells.get("input2031").get("level1.name").asText());
        assertEquals(dec("2.00"), dec(cells.get("process2030"), "deduction.sum"));
        // ordered by the deduction, largest first
        assertEquals(dec("5.00"), dec(r.get("cells").get(0), "deduction.sum"));
    }

    @Test
    void departmentCountAndAverageTotalByGrade() {
        JsonNode r = json(URL + "?measure=department_count|total_score.avg|total_score.max&drilldown=grade&cut=year:2031", Tokens.viewer());
        assertEquals("result", r.get("facts").asText());
        Map<String, JsonNode> byGrade = new HashMap<>();
        r.get("cells").forEach(cell -> byGrade.put(cell.get("grade").asText(), cell));
        assertEquals(3, byGrade.size());
        assertEquals(1, byGrade.get("优").get("department_count.count").asInt());
        assertEquals(dec("91.00"), dec(byGrade.get("优"), "total_score.avg"));
        assertEquals(dec("78.00"), dec(byGrade.get("中"), "total_score.avg"));
        assertEquals(dec("55.00"), dec(byGrade.get("差"), "total_score.max"));
        assertEquals(3, r.get("summary").get("department_count.count").asInt());
        assertEquals(dec("74.67"), dec(r.get("summary"), "total_score.avg"));
    }

    @Test
    void financeOfAGroupAndPerDepartment() {
        JsonNode group = json(URL + "?measure=income_total|three_public_total.sum&cut=year:2030|group:教科文卫", Tokens.viewer());
        assertEquals(dec("600.00"), dec(group.get("cells").get(0), "income_total.sum"));
        assertEquals(dec("300.00"), dec(group.get("cells").get(0), "income_total.avg"));
        assertEquals(dec("12.00"), dec(group.get("cells").get(0), "three_public_total.sum"));

        JsonNode perDepartment = json(URL + "?measure=total_score.max|self_gap.sum&drilldown=department&cut=year:2030", Tokens.viewer());
        JsonNode first = perDepartment.get("cells").get(0);
        assertEquals("HD1", first.get("department").asText());
        assertEquals("财政局", first.get("department.name").asText());
        assertEquals(dec("92.50"), dec(first, "total_score.max"));
        assertEquals(dec("2.50"), dec(first, "self_gap.sum"));
        assertEquals(dec("0.00"), dec(perDepartment.get("cells").get(2), "self_gap.sum"));

        JsonNode byGroup = json(URL + "?measure=expenditure_total.sum&drilldown=group|year&cut=year:2031", Tokens.viewer());
        assertEquals(2, byGroup.get("totalCellCount").asInt());
    }

    @Test
    void pagingOverCells() {
        JsonNode page = json(URL + "?measure=final_score.avg&drilldown=indicator&cut=year:2030&pageSize=2&page=1", Tokens.viewer());
        assertEquals(3, page.get("totalCellCount").asInt());
        assertEquals(1, page.get("cells").size());
        assertEquals("ind-c", page.get("cells").get(0).get("indicator").asText());
    }

    @Test
    void anUnknownMeasureIsRefusedNamingIt() {
        given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "en").get(URL + "?measure=foo&drilldown=year")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid input"))
                .body("detail", containsString("foo"))
                .body("errors[0].field", equalTo("measure"))
                .body("errors[0].code", equalTo("unknown-measure"));
        given().auth().oauth2(Tokens.viewer()).get(URL + "?measure=final_score.median")
                .then().statusCode(400).body("detail", containsString("median"));
    }

    @Test
    void unknownDimensionsCutsAndOrdersAreRefusedNamingThem() {
        given().auth().oauth2(Tokens.viewer()).queryParam("measure", "final_score").queryParam("drilldown", "year;DROP TABLE result").get(URL)
                .then().statusCode(400).body("errors.code", hasItem("unknown-dimension"))
                .body("detail", containsString("DROP TABLE"));
        given().auth().oauth2(Tokens.viewer()).get(URL + "?measure=final_score&cut=colour:red")
                .then().statusCode(400).body("errors[0].field", equalTo("cut")).body("detail", containsString("colour"));
        given().auth().oauth2(Tokens.viewer()).queryParam("measure", "final_score").queryParam("cut", "year:二〇三〇").get(URL)
                .then().statusCode(400).body("errors[0].code", equalTo("invalid-cut-value"));
        given().auth().oauth2(Tokens.viewer()).get(URL + "?measure=final_score&order=total_score.sum:desc")
                .then().statusCode(400).body("errors[0].field", equalTo("order"));
        given().auth().oauth2(Tokens.viewer()).get(URL + "?measure=total_score&drilldown=indicator")
                .then().statusCode(400).body("errors[0].code", equalTo("incompatible-measure"));
        given().auth().oauth2(Tokens.viewer()).get(URL + "?drilldown=year")
                .then().statusCode(400).body("errors[0].field", equalTo("measure"));
        // the tables are still there
        assertEquals(3, json("/api/v1/reports/2030/ranking", Tokens.viewer()).get("totalItems").asInt());
    }

    @Test
    void aQueryWithoutMatchingFactsGivesEmptyValues() {
        JsonNode r = json(URL + "?measure=total_score.avg|department_count&cut=year:2001", Tokens.viewer());
        assertEquals(1, r.get("cells").size());
        assertNull(dec(r.get("cells").get(0), "total_score.avg"));
        assertEquals(0, r.get("cells").get(0).get("department_count.count").asInt());
    }
}
