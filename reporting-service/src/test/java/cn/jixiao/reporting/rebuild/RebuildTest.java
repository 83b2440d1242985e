package cn.jixiao.reporting.rebuild;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.reporting.support.HandDistrict;
import cn.jixiao.reporting.support.Messages;
import cn.jixiao.reporting.support.SyntheticDistrict;
import cn.jixiao.reporting.support.Tokens;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rebuild pulls every official evaluation from scoring-service (stubbed with WireMock, serving
 * exactly the official evaluations this service has received) and must arrive at the same
 * results and aggregates that the inbox maintained incrementally, and the same reports.
 */
@QuarkusTest
class RebuildTest {

    static final int PAGE_SIZE = 7;
    static final String[] TABLES = {
        "result ORDER BY fiscal_year, cycle_id, department_code",
        "result_indicator ORDER BY fiscal_year, cycle_id, department_code, indicator_code",
        "agg_result ORDER BY fiscal_year, cycle_id, dept_group, grade",
        "agg_indicator ORDER BY fiscal_year, cycle_id, dept_group, grade, indicator_code",
        "agg_department ORDER BY department_code",
        "agg_score_band ORDER BY fiscal_year, cycle_id, score_band",
        "agg_score ORDER BY fiscal_year, cycle_id, total_score",
        "agg_indicator_district ORDER BY fiscal_year, cycle_id, indicator_code"};

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URL base;

    private static boolean syntheticDelivered;

    @BeforeEach
    void district() throws Exception {
        HandDistrict.ensureDelivered();
        if (!syntheticDelivered) {
            // resubmissions, reviewed versions, re-scores and redeliveries, concurrently (fiscal years 2050-2051)
            SyntheticDistrict.deliver(new SyntheticDistrict.Config(10, 2, 2050, 7), URI.create(base.toString()), Tokens.service(), 3);
            syntheticDelivered = true;
        }
        wiremock.stubFor(post(urlEqualTo("/auth/realms/quarkus/jixiao-token"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + Tokens.service() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    @Test
    void aRebuildEqualsTheIncrementallyMaintainedState() throws Exception {
        Map<String, List<String>> tablesBefore = dump();
        Map<String, String> reportsBefore = reports();
        int served = serveOfficialEvaluations();
        String started = single("SELECT now()::text");

        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", "rebuild-42").post("/api/v1/reports/rebuild").then().statusCode(200)
                .header("X-Request-Id", "rebuild-42")
                .body("evaluationsRead", org.hamcrest.Matchers.equalTo(served))
                .body("evaluationsRejected", org.hamcrest.Matchers.equalTo(0))
                .body("pages", org.hamcrest.Matchers.equalTo(Math.max(1, (served + PAGE_SIZE - 1) / PAGE_SIZE)));

        // every call carried the service token from the client-credentials grant
        wiremock.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/auth/api/v1/evaluations"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+"))
                .withHeader("X-Request-Id", equalTo("rebuild-42")));
        Map<String, List<String>> tablesAfter = dump();
        for (String table : tablesBefore.keySet()) {
            List<String> onlyIncremental = new ArrayList<>(tablesBefore.get(table));
            onlyIncremental.removeAll(tablesAfter.get(table));
            List<String> onlyRebuilt = new ArrayList<>(tablesAfter.get(table));
            onlyRebuilt.removeAll(tablesBefore.get(table));
            assertEquals(List.of(), onlyIncremental, "rows of " + table + " maintained incrementally but not rebuilt");
            assertEquals(List.of(), onlyRebuilt, "rows of " + table + " rebuilt but not maintained incrementally");
            assertEquals(tablesBefore.get(table), tablesAfter.get(table), "table " + table);
        }
        assertEquals(reportsBefore, reports());
        // vacuumed and analyzed before the answer: every table of the schema but Flyway's
        assertEquals("", single("SELECT coalesce(string_agg(relname, ', ' ORDER BY relname), '') FROM pg_stat_user_tables "
                + "WHERE schemaname = current_schema() AND relname <> 'flyway_schema_history' "
                + "AND NOT (coalesce(last_vacuum >= '" + started + "', false) AND coalesce(last_analyze >= '" + started + "', false))"));
    }

    private String single(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void whenScoringIsDownNothingChanges() throws Exception {
        Map<String, List<String>> before = dump();
        wiremock.stubFor(get(urlPathEqualTo("/auth/api/v1/evaluations")).willReturn(aResponse().withStatus(503)));
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").post("/api/v1/reports/rebuild")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://jixiao.cn/problems/dependency-unavailable"));
        assertEquals(before, dump());
        serveOfficialEvaluations();
    }

    /** Stubs scoring-service's paged list with the official evaluations held, as scoring-service would list them. */
    private int serveOfficialEvaluations() throws SQLException, IOException {
        List<String> payloads = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT payload::text FROM reporting.evaluation WHERE official ORDER BY evaluation_id")) {
            while (rs.next()) {
                payloads.add(rs.getString(1));
            }
        }
        int totalPages = Math.max(1, (payloads.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        for (int page = 0; page < totalPages; page++) {
            ObjectNode body = Messages.JSON.createObjectNode();
            ArrayNode items = body.putArray("items");
            for (int i = page * PAGE_SIZE; i < Math.min(payloads.size(), (page + 1) * PAGE_SIZE); i++) {
                ObjectNode item = (ObjectNode) Messages.JSON.readTree(payloads.get(i));
                item.remove("messageId");
                item.remove("type");
                item.put("scoringOnlyField", "ignored by the reader");
                items.add(item);
            }
            body.put("page", page).put("size", PAGE_SIZE).put("totalItems", payloads.size()).put("totalPages", totalPages);
            wiremock.stubFor(get(urlPathEqualTo("/auth/api/v1/evaluations"))
                    .withQueryParam("official", equalTo("true"))
                    .withQueryParam("page", equalTo(String.valueOf(page)))
                    .withQueryParam("size", equalTo(String.valueOf(PAGE_SIZE)))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body.toString())));
        }
        assertTrue(payloads.size() >= 29, "the hand district has 9 official evaluations, the synthetic one at least 20");
        return payloads.size();
    }

    private Map<String, List<String>> dump() throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM reporting." + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                        }
                        rows.add(row.toString());
                    }
                }
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /** Every report's JSON for the years held, and a set of aggregate queries. */
    private Map<String, String> reports() throws SQLException {
        List<String> years = new ArrayList<>();
        Map<Integer, Long> firstOfSeveralCycles = new HashMap<>();
        List<String> departments = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // a year with several cycles is reported one cycle at a time
            try (ResultSet rs = s.executeQuery("SELECT fiscal_year, CASE WHEN count(DISTINCT cycle_id) > 1 THEN "
                    + "string_agg(DISTINCT '?cycleId=' || cycle_id, ',') ELSE '' END FROM reporting.result GROUP BY 1 ORDER BY 1")) {
                while (rs.next()) {
                    for (String cycle : rs.getString(2).split(",")) {
                        years.add(rs.getInt(1) + "|" + cycle);
                        if (!cycle.isEmpty()) {
                            firstOfSeveralCycles.merge(rs.getInt(1), Long.valueOf(cycle.substring("?cycleId=".length())), Math::min);
                        }
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT department_code FROM reporting.result ORDER BY 1 LIMIT 40")) {
                while (rs.next()) {
                    departments.add(rs.getString(1));
                }
            }
        }
        List<String> paths = new ArrayList<>();
        for (String yearAndCycle : years) {
            String year = yearAndCycle.substring(0, yearAndCycle.indexOf('|'));
            String cycle = yearAndCycle.substring(yearAndCycle.indexOf('|') + 1);
            for (String report : List.of("ranking?size=1000", "grades", "indicators", "self-assessment-gaps?size=1000", "finance")) {
                String path = "/api/v1/reports/" + year + "/" + report;
                path = cycle.isEmpty() ? path : path + (path.contains("?") ? "&" : "?") + cycle.substring(1);
                // the finance report compares with the year before, which may need its cycle named too
                Long previous = firstOfSeveralCycles.get(Integer.parseInt(year) - 1);
                paths.add(report.equals("finance") && previous != null
                        ? path + (path.contains("?") ? "&" : "?") + "previousCycleId=" + previous : path);
            }
        }
        departments.forEach(d -> paths.add("/api/v1/reports/departments/" + d + "/trend"));
        paths.add("/api/v1/reports/aggregate?measure=final_score|computed_score|self_score|review_score|deduction|loss_count|scored_count"
                + "&drilldown=year|cycle|group|grade|indicator|level1|level2&pageSize=10000");
        // without group, grade or an extreme: read from the district-wide table
        paths.add("/api/v1/reports/aggregate?measure=final_score.sum|final_score.avg|computed_score.avg|self_score.avg|review_score"
                + "|deduction|loss_count|scored_count&drilldown=year|cycle|indicator|level1|level2&pageSize=10000");
        paths.add("/api/v1/reports/aggregate?measure=department_count|total_score|self_total_score|self_gap|over_scored_count"
                + "|income_total|expenditure_total|three_public_total&drilldown=year|cycle|group|grade&pageSize=10000");
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String path : paths) {
            bodies.put(path, given().auth().oauth2(Tokens.viewer()).get(path).then().statusCode(200).extract().asString());
        }
        return bodies;
    }
}
