package cn.jixiao.reporting.evaluation;

import static cn.jixiao.reporting.support.Api.dec;
import static cn.jixiao.reporting.support.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.jixiao.reporting.support.Messages;
import cn.jixiao.reporting.support.TableRows;
import cn.jixiao.reporting.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The district-wide aggregates of a year and cycle (the score distribution the trend ranks from,
 * the per-indicator totals the aggregate API reads) follow every change of a result exactly as a
 * recomputation from the results would, and the trend's rank is the ranking's. Years 2060–2063
 * are this class's.
 */
@QuarkusTest
class DistrictAggregatesTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void tiedScoresShareARankAndTheTrendRanksAsTheRankingOfTheCycle() throws SQLException {
        deliver("DA1", "综合", 2060, 601, "91.00");
        deliver("DA2", "教科文卫", 2060, 601, "85.50");
        deliver("DA3", null, 2060, 601, "85.50");
        deliver("DA4", "综合", 2060, 601, "85.20");
        deliver("DA5", "教科文卫", 2060, 601, "85.00");
        deliver("DA6", "综合", 2060, 601, "84.99");
        deliver("DA7", "政法", 2060, 601, "60.00");
        // another cycle of the same year: the trend ranks within its own cycle
        deliver("DA8", "综合", 2060, 602, "99.00");

        Map<String, Integer> expected = ranks("DA1", 1, "DA2", 2, "DA3", 2, "DA4", 4, "DA5", 5, "DA6", 6, "DA7", 7);
        assertEquals(expected, rankingRanks("/api/v1/reports/2060/ranking?cycleId=601"));
        assertTrendRanks(2060, 601, expected, 7);
        // the year's reports need the cycle named: a department filing in both would count twice
        io.restassured.RestAssured.given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/2060/ranking").then().statusCode(400);
        assertEquals(Map.of("DA8", 1), rankingRanks("/api/v1/reports/2060/ranking?cycleId=602"));
        assertEquals(1, trendRow("DA8", 2060).get("rank").asInt());
        assertEquals(1, trendRow("DA8", 2060).get("departmentCount").asInt());
        assertDistrictTablesAreTheResultsAggregated(2060);
    }

    @Test
    void aResubmissionReplacesTheDepartmentsScoreAndMovesTheOthersDown() throws SQLException {
        deliver("DB1", "综合", 2061, 611, "90.00");
        deliver("DB2", "综合", 2061, 611, "85.00");
        deliver("DB3", "教科文卫", 2061, 611, "80.00");
        assertTrendRanks(2061, 611, ranks("DB1", 1, "DB2", 2, "DB3", 3), 3);

        assertEquals("APPLIED", Messages.deliver(evaluation("DB3", "教科文卫", 2061, 611, "95.00").revision(2).build()));

        Map<String, Integer> expected = ranks("DB3", 1, "DB1", 2, "DB2", 3);
        assertEquals(expected, rankingRanks("/api/v1/reports/2061/ranking?cycleId=611"));
        assertTrendRanks(2061, 611, expected, 3);
        assertDistrictTablesAreTheResultsAggregated(2061);
        assertEquals(0, count("SELECT count(*) FROM reporting.agg_score WHERE fiscal_year = 2061 AND total_score = 80.00"),
                "no row is left for a score nobody has any more");
    }

    @Test
    void aReviewLoweringAScoreMovesTheOthersUp() throws SQLException {
        String reviewed = UUID.randomUUID().toString();
        deliver("DC1", "综合", 2062, 621, "90.00");
        Messages.deliver(evaluation("DC2", "综合", 2062, 621, "85.00").version(reviewed, 1).build());
        deliver("DC3", "教科文卫", 2062, 621, "80.00");
        deliver("DC4", "教科文卫", 2062, 621, "79.50");

        // the reviewer's scores take DC2 into another grade and score band, level with DC4
        assertEquals("APPLIED", Messages.deliver(evaluation("DC2", "综合", 2062, 621, "79.50").version(reviewed, 2).build()));

        Map<String, Integer> expected = ranks("DC1", 1, "DC3", 2, "DC2", 3, "DC4", 3);
        assertEquals(expected, rankingRanks("/api/v1/reports/2062/ranking?cycleId=621"));
        assertTrendRanks(2062, 621, expected, 4);
        assertDistrictTablesAreTheResultsAggregated(2062);
    }

    @Test
    void aResultNoLongerOfficialLeavesTheDistribution() throws SQLException {
        String evaluation = UUID.randomUUID().toString();
        deliver("DD1", "综合", 2063, 631, "70.00");
        Messages.deliver(evaluation("DD2", "综合", 2063, 631, "75.00").version(evaluation, 1).build());
        assertTrendRanks(2063, 631, ranks("DD1", 2, "DD2", 1), 2);

        assertEquals("APPLIED", Messages.deliver(evaluation("DD2", "综合", 2063, 631, "75.00").version(evaluation, 2)
                .official(false).build()));

        assertTrendRanks(2063, 631, ranks("DD1", 1), 1);
        assertDistrictTablesAreTheResultsAggregated(2063);
        assertEquals(0, count("SELECT count(*) FROM reporting.agg_indicator_district WHERE fiscal_year = 2063 AND indicator_code = 'ind-b'"),
                "only DD2 was scored on ind-b");
    }

    @Test
    void perIndicatorTotalsAcrossGroupsAndGradesAreTheGroupAndGradeRowsSummed() throws SQLException {
        deliver("DE1", "综合", 2064, 641, "91.00");
        deliver("DE2", "教科文卫", 2064, 641, "72.00");
        deliver("DE3", null, 2064, 641, "55.00");
        String measures = "final_score.sum|final_score.avg|computed_score.avg|self_score.avg|review_score.avg|deduction|loss_count"
                + "|scored_count";
        // without an extreme the district-wide table answers; asking for a maximum reads agg_indicator, per group and grade
        JsonNode district = json("/api/v1/reports/aggregate?measure=" + measures + "&drilldown=indicator|level1&cut=year:2064",
                Tokens.viewer());
        JsonNode perGroup = json("/api/v1/reports/aggregate?measure=" + measures + "|final_score.max&drilldown=indicator|level1"
                + "&cut=year:2064", Tokens.viewer());
        assertEquals(perGroup.get("totalCellCount"), district.get("totalCellCount"));
        assertEquals(2, district.get("cells").size());
        for (int i = 0; i < district.get("cells").size(); i++) {
            JsonNode expected = ((ObjectNode) perGroup.get("cells").get(i).deepCopy()).without("final_score.max");
            assertEquals(expected, district.get("cells").get(i));
        }
        JsonNode a = district.get("cells").get(0);
        assertEquals("ind-a", a.get("indicator").asText());
        assertEquals("投入", a.get("level1.name").asText());
        assertEquals(dec("12.00"), dec(a, "final_score.sum"));
        assertEquals(2, a.get("loss_count.count").asInt());
        assertEquals(dec("3.00"), dec(a, "deduction.sum"));
        assertDistrictTablesAreTheResultsAggregated(2064);
    }

    // --- given ----------------------------------------------------------------------------------

    private static Messages.Builder evaluation(String department, String group, int year, long cycle, String total) {
        BigDecimal score = new BigDecimal(total);
        String grade = atLeast(score, 90) ? "优" : atLeast(score, 80) ? "良" : atLeast(score, 60) ? "中" : "差";
        // ind-a (5 points) scored lower the lower the total; ind-b only in the messages of departments …2
        String indA = atLeast(score, 90) ? "5.00" : atLeast(score, 60) ? "4.00" : "3.00";
        Messages.Builder b = Messages.evaluation(department, "部门" + department, group, year, cycle).totals(total, null, grade)
                .indicator("ind-a", indA, indA, null, null, false, false);
        if (department.endsWith("2")) {
            b.indicator("ind-b", "2.50", null, "3.00", "2.50", false, false);
        }
        return b;
    }

    private static boolean atLeast(BigDecimal score, int bound) {
        return score.compareTo(BigDecimal.valueOf(bound)) >= 0;
    }

    private static void deliver(String department, String group, int year, long cycle, String total) {
        assertEquals("APPLIED", Messages.deliver(evaluation(department, group, year, cycle, total).build()));
    }

    // --- then -----------------------------------------------------------------------------------

    private static Map<String, Integer> ranks(Object... departmentAndRank) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < departmentAndRank.length; i += 2) {
            m.put((String) departmentAndRank[i], (Integer) departmentAndRank[i + 1]);
        }
        return m;
    }

    private static Map<String, Integer> rankingRanks(String path) {
        Map<String, Integer> m = new LinkedHashMap<>();
        json(path + (path.contains("?") ? "&" : "?") + "size=100", Tokens.viewer()).get("items")
                .forEach(row -> m.put(row.get("departmentCode").asText(), row.get("rank").asInt()));
        return m;
    }

    private static JsonNode trendRow(String department, int year) {
        for (JsonNode row : json("/api/v1/reports/departments/" + department + "/trend", Tokens.viewer()).get("years")) {
            if (row.get("fiscalYear").asInt() == year) {
                return row;
            }
        }
        throw new AssertionError(department + " has no result in " + year);
    }

    private static void assertTrendRanks(int year, long cycle, Map<String, Integer> expected, int departments) {
        expected.forEach((department, rank) -> {
            JsonNode row = trendRow(department, year);
            assertEquals(cycle, row.get("cycleId").asLong(), row.toString());
            assertEquals(rank.intValue(), row.get("rank").asInt(), department + ": " + row);
            assertEquals(departments, row.get("departmentCount").asInt(), department + ": " + row);
        });
    }

    /** Maintained by deltas, the district-wide tables hold exactly the rows a recomputation from the results gives. */
    private void assertDistrictTablesAreTheResultsAggregated(int year) throws SQLException {
        assertEquals(rows("SELECT cycle_id, total_score, count(*) FROM reporting.result WHERE fiscal_year = ? GROUP BY 1, 2 ORDER BY 1, 2", year),
                rows("SELECT cycle_id, total_score, department_count FROM reporting.agg_score WHERE fiscal_year = ? ORDER BY 1, 2", year));
        assertEquals(rows("SELECT cycle_id, floor(total_score), count(*) FROM reporting.result WHERE fiscal_year = ? GROUP BY 1, 2 "
                        + "ORDER BY 1, 2", year),
                rows("SELECT cycle_id, score_band, department_count FROM reporting.agg_score_band WHERE fiscal_year = ? ORDER BY 1, 2", year));
        assertEquals(rows("""
                SELECT cycle_id, indicator_code, max(indicator_name), max(level1_code), max(level2_code), min(sort_order), max(points),
                       count(*), sum(final_score), count(computed_score), coalesce(sum(computed_score), 0.00), count(self_score),
                       coalesce(sum(self_score), 0.00), count(review_score), coalesce(sum(review_score), 0.00), sum(deduction),
                       count(*) FILTER (WHERE deduction > 0), count(*) FILTER (WHERE over_scored),
                       count(*) FILTER (WHERE not_applicable), count(*) FILTER (WHERE not_computable)
                FROM reporting.result_indicator WHERE fiscal_year = ? GROUP BY 1, 2 ORDER BY 1, 2""", year),
                rows("""
                SELECT cycle_id, indicator_code, indicator_name, level1_code, level2_code, sort_order, points, department_count,
                       final_sum, computed_count, computed_sum, self_count, self_sum, review_count, review_sum, deduction_sum,
                       loss_count, over_scored_count, not_applicable_count, not_computable_count
                FROM reporting.agg_indicator_district WHERE fiscal_year = ? ORDER BY 1, 2""", year));
    }

    private List<String> rows(String sql, int year) throws SQLException {
        return TableRows.of(dataSource, sql, year);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
