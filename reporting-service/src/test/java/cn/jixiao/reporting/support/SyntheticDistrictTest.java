package cn.jixiao.reporting.support;

import static cn.jixiao.reporting.support.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Delivers a synthetic district (system properties departments, years, seed; small by default,
 * fiscal years from 2040) concurrently and out of order, then checks that every report shows
 * each department's winning evaluation. Run bigger with e.g. {@code -Ddepartments=2000 -Dyears=10}.
 */
@QuarkusTest
class SyntheticDistrictTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource dataSource;

    private long rows(String table, int year) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM reporting." + table + " WHERE fiscal_year = ?")) {
            ps.setInt(1, year);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static JsonNode trendRow(String department, int year) {
        for (JsonNode row : json("/api/v1/reports/departments/" + department + "/trend", Tokens.viewer()).get("years")) {
            if (row.get("fiscalYear").asInt() == year) {
                return row;
            }
        }
        throw new AssertionError(department + " has no result in " + year);
    }

    @Test
    void theSameSeedMakesTheSameDistrict() {
        SyntheticDistrict.Config config = new SyntheticDistrict.Config(5, 2, 2040, 99);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        SyntheticDistrict.generate(config, p -> p.messages().forEach(m -> first.add(m.toString())));
        SyntheticDistrict.generate(config, p -> p.messages().forEach(m -> second.add(m.toString())));
        assertEquals(first, second);
        List<String> other = new ArrayList<>();
        SyntheticDistrict.generate(new SyntheticDistrict.Config(5, 2, 2040, 100), p -> p.messages().forEach(m -> other.add(m.toString())));
        assertTrue(!first.equals(other), "another seed, another district");
    }

    @Test
    void aSyntheticDistrictDeliveredConcurrentlyAndOutOfOrderShowsEveryWinner() throws Exception {
        SyntheticDistrict.Config config = SyntheticDistrict.Config.fromSystemProperties(24, 3, 2040);
        Map<String, BigDecimal> expected = new HashMap<>();
        Map<Integer, Map<String, Integer>> gradesPerYear = new HashMap<>();
        List<SyntheticDistrict.Pair> pairs = new ArrayList<>();
        SyntheticDistrict.generate(config, pairs::add);
        for (SyntheticDistrict.Pair p : pairs) {
            expected.put(p.department() + "/" + p.year(), p.expectedTotal());
            gradesPerYear.computeIfAbsent(p.year(), y -> new HashMap<>()).merge(p.expectedGrade(), 1, Integer::sum);
        }
        long started = System.nanoTime();
        Map<String, AtomicLong> outcomes = SyntheticDistrict.deliver(config, URI.create(base.toString()), Tokens.service(),
                Integer.getInteger("threads", 4));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Synthetic district: %d departments x %d years, %s, %d ms%n", config.departments(), config.years(),
                outcomes, millis);
        long applied = outcomes.getOrDefault("APPLIED", new AtomicLong()).get();
        assertTrue(applied >= pairs.size(), "every department and year applied at least once: " + outcomes);

        for (int y = 0; y < config.years(); y++) {
            int year = config.firstYear() + y;
            JsonNode ranking = json("/api/v1/reports/" + year + "/ranking?size=1000", Tokens.viewer());
            assertEquals(config.departments(), ranking.get("totalItems").asInt());
            BigDecimal previous = null;
            for (JsonNode row : ranking.get("items")) {
                BigDecimal total = row.get("totalScore").decimalValue();
                assertEquals(expected.get(row.get("departmentCode").asText() + "/" + year), total, row.toString());
                if (previous != null) {
                    assertTrue(previous.compareTo(total) >= 0, "ordered by score");
                }
                previous = total;
                // the trend ranks from the score distribution kept by the concurrent deliveries: the same rank
                JsonNode trendRow = trendRow(row.get("departmentCode").asText(), year);
                assertEquals(row.get("rank").asInt(), trendRow.get("rank").asInt(), row + " " + trendRow);
                assertEquals(config.departments(), trendRow.get("departmentCount").asInt(), trendRow.toString());
            }
            JsonNode grades = json("/api/v1/reports/" + year + "/grades", Tokens.viewer());
            for (JsonNode g : grades.get("grades")) {
                assertEquals(gradesPerYear.get(year).getOrDefault(g.get("grade").asText(), 0).intValue(),
                        g.get("departmentCount").asInt(), g.toString());
            }
            JsonNode indicators = json("/api/v1/reports/" + year + "/indicators", Tokens.viewer()).get("indicators");
            assertEquals(25, indicators.size());
            indicators.forEach(i -> assertEquals(config.departments(), i.get("departmentCount").asInt()));
            assertEquals("staff-control-rate", indicators.get(0).get("code").asText());
            JsonNode count = json("/api/v1/reports/aggregate?measure=department_count&cut=year:" + year, Tokens.viewer());
            assertEquals(config.departments(), count.get("summary").get("department_count.count").asInt());
            // what the district-wide reports read is bounded by groups x grades (x indicators), not by departments
            int groups = SyntheticDistrict.GROUPS.length + 1;
            assertTrue(rows("agg_result", year) <= groups * 4, "agg_result rows of " + year);
            assertTrue(rows("agg_indicator", year) <= groups * 4 * 25, "agg_indicator rows of " + year);
            // and what the trend and the per-indicator aggregate read, by the rubric alone
            assertEquals(25, rows("agg_indicator_district", year));
            assertTrue(rows("agg_score_band", year) <= 101, "agg_score_band rows of " + year);
        }
    }
}
