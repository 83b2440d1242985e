package cn.jixiao.reporting.security;

import static cn.jixiao.reporting.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.jixiao.reporting.support.HandDistrict;
import cn.jixiao.reporting.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Viewers, reviewers and admins see the district; a filer only their own department's rows. */
@QuarkusTest
class AccessTest {

    @BeforeEach
    void district() {
        HandDistrict.ensureDelivered();
    }

    @Test
    void aFilerSeesOnlyTheirOwnRowWithItsDistrictRank() {
        JsonNode ranking = json("/api/v1/reports/2030/ranking", Tokens.filer("HD3"));
        assertEquals(1, ranking.get("totalItems").asInt());
        assertEquals(1, ranking.get("items").size());
        assertEquals("HD3", ranking.get("items").get(0).get("departmentCode").asText());
        assertEquals(2, ranking.get("items").get(0).get("rank").asInt());

        JsonNode gaps = json("/api/v1/reports/2031/self-assessment-gaps", Tokens.filer("HD1"));
        assertEquals(1, gaps.get("items").size());
        assertEquals("HD1", gaps.get("items").get(0).get("departmentCode").asText());
        assertEquals(1, gaps.get("summary").get("departmentCount").asInt());

        String csv = given().auth().oauth2(Tokens.filer("HD2")).accept("text/csv").get("/api/v1/reports/2030/ranking")
                .then().statusCode(200).extract().asString();
        assertEquals(2, csv.split("\r\n").length);
    }

    @Test
    void aFilersStatisticsAreTheirOwnDepartmentsWhateverTheGroupAsked() {
        // HD1 is alone in 综合: statistics narrowed to that group are HD1's own grade and figures
        assertEquals(1, json("/api/v1/reports/2030/grades?group=综合", Tokens.viewer()).get("departmentCount").asInt());
        assertEquals(0, json("/api/v1/reports/2030/grades?group=综合", Tokens.filer("HD2")).get("departmentCount").asInt());
        assertEquals(0, json("/api/v1/reports/2030/indicators?group=综合", Tokens.filer("HD2")).get("indicators").size());
        JsonNode otherGroup = json("/api/v1/reports/2030/finance?group=综合", Tokens.filer("HD2"));
        assertEquals(0, otherGroup.get("departmentCount").asInt());
        assertEquals("0.00", otherGroup.get("items").get(0).get("amount").asText());
        String csv = given().auth().oauth2(Tokens.filer("HD2")).accept("text/csv").get("/api/v1/reports/2030/finance?group=综合")
                .then().statusCode(200).extract().asString();
        assertFalse(csv.contains("250.40"), csv);

        // with no group: the filer's own department, not the district's three
        JsonNode grades = json("/api/v1/reports/2030/grades", Tokens.filer("HD2"));
        assertEquals(1, grades.get("departmentCount").asInt());
        assertEquals("良", grades.get("grades").get(1).get("grade").asText());
        assertEquals(1, grades.get("grades").get(1).get("departmentCount").asInt());
        JsonNode indicators = json("/api/v1/reports/2030/indicators", Tokens.filer("HD2")).get("indicators");
        assertEquals(3, indicators.size());
        JsonNode a = indicators.get(0);
        assertEquals("ind-a", a.get("code").asText());
        assertEquals(1, a.get("departmentCount").asInt());
        assertEquals(0, new BigDecimal("4.00").compareTo(a.get("averageScore").decimalValue()));
        assertEquals(0, new BigDecimal("4.00").compareTo(a.get("maxScore").decimalValue()));
        assertEquals(1, a.get("lossCount").asInt());
        JsonNode finance = json("/api/v1/reports/2031/finance", Tokens.filer("HD2"));
        assertEquals(1, finance.get("departmentCount").asInt());
        assertEquals(1, finance.get("previousDepartmentCount").asInt());
        JsonNode income = finance.get("items").get(0);
        assertEquals("incomeTotal", income.get("item").asText());
        assertEquals(0, new BigDecimal("550.00").compareTo(income.get("amount").decimalValue()));
        assertEquals(0, new BigDecimal("500.00").compareTo(income.get("previousAmount").decimalValue()));
        assertEquals(0, new BigDecimal("10.00").compareTo(income.get("changePercent").decimalValue()));
        // the district's figures are unchanged for the roles that see it
        assertEquals(3, json("/api/v1/reports/2030/finance", Tokens.viewer()).get("departmentCount").asInt());
        assertEquals(0, json("/api/v1/reports/2030/grades", Tokens.filer("NO-SUCH")).get("departmentCount").asInt());
    }

    @Test
    void aFilerReadsTheirOwnTrendAndAnotherDepartmentsIsNotFound() {
        assertEquals(2, json("/api/v1/reports/departments/HD2/trend", Tokens.filer("HD2")).get("years").size());
        String other = given().auth().oauth2(Tokens.filer("HD2")).get("/api/v1/reports/departments/HD1/trend")
                .then().statusCode(404).contentType("application/problem+json").extract().path("title");
        String missing = given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/departments/NO-SUCH/trend")
                .then().statusCode(404).contentType("application/problem+json").extract().path("title");
        assertEquals(missing, other);
    }

    @Test
    void aFilersAggregateCoversOnlyTheirDepartment() {
        JsonNode cells = json("/api/v1/reports/aggregate?measure=total_score.sum&drilldown=department&cut=year:2030",
                Tokens.filer("HD1")).get("cells");
        assertEquals(1, cells.size());
        assertEquals("HD1", cells.get(0).get("department").asText());
        JsonNode other = json("/api/v1/reports/aggregate?measure=department_count&cut=year:2030|department:HD2", Tokens.filer("HD1"));
        assertEquals(0, other.get("summary").get("department_count.count").asInt());
    }

    @Test
    void aFilerWithoutADepartmentClaimSeesNoRows() {
        String token = Tokens.token("filer-x", List.of("filer"), Map.of());
        assertEquals(0, json("/api/v1/reports/2030/ranking", token).get("totalItems").asInt());
    }

    @Test
    void integrationAccountsAndServicesMayNotReadReports() {
        given().auth().oauth2(Tokens.integration("HD1")).get("/api/v1/reports/2030/ranking")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://jixiao.cn/problems/forbidden"));
        given().auth().oauth2(Tokens.service()).get("/api/v1/reports/2030/grades").then().statusCode(403);
        given().auth().oauth2(Tokens.viewer()).post("/api/v1/reports/rebuild").then().statusCode(403);
    }

    @Test
    void withoutAValidTokenTheAnswerIs401() {
        given().get("/api/v1/reports/2030/ranking").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(Tokens.expired()).get("/api/v1/reports/2030/ranking").then().statusCode(401);
        given().auth().oauth2(Tokens.wrongAudience()).get("/api/v1/reports/2030/ranking").then().statusCode(401);
    }
}
