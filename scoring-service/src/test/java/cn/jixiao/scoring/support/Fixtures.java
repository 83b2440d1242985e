package cn.jixiao.scoring.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays submission-service on the shared WireMock server: filings, revisions, cycles and
 * departments, with bodies shaped as its kept contract (docs/openapi/submission-service.yaml)
 * says. The WireMock server's base URL ends in /auth, so every stubbed path starts with it.
 */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    public static final String BASE = "/auth/api/v1";
    public static final String DEFAULT_RUBRIC = "department-overall";
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000L * 1000);

    private Fixtures() {
    }

    public static long nextId() {
        return SEQ.incrementAndGet();
    }

    /** A unique department code. */
    public static String department() {
        return "D" + nextId();
    }

    /** The token endpoint the service's OIDC client calls for its own service token. */
    public static void stubServiceToken(WireMockServer wiremock) {
        wiremock.stubFor(post(urlEqualTo("/auth/realms/quarkus/jixiao-token"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + Tokens.service() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    /** The realistic filing of DOMAIN.md for a department's sub-units. */
    public static ObjectNode validContent(String department) {
        String text = resource("filing-valid.json").replace("\"D001-0", "\"" + department + "-0");
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A submitted filing as submission-service serves it; returns its id. */
    public static UUID stubFiling(WireMockServer wiremock, String department, long cycleId, int fiscalYear, JsonNode content) {
        UUID id = UUID.randomUUID();
        stubFilingRevision(wiremock, id, department, cycleId, fiscalYear, 1, content);
        return id;
    }

    public static void stubFilingRevision(WireMockServer wiremock, UUID id, String department, long cycleId, int fiscalYear, int revision,
            JsonNode content) {
        String sha = "sha-" + id + "-" + revision;
        ObjectNode filing = JSON.createObjectNode();
        filing.put("id", id.toString()).put("departmentCode", department).put("cycleId", cycleId).put("fiscalYear", fiscalYear)
                .put("status", "SUBMITTED").put("revision", revision).put("contentSha256", sha)
                .put("createdAt", "2021-03-01T09:00:00+08:00").put("createdBy", "filer-" + department)
                .put("updatedAt", "2021-03-02T09:00:00+08:00").put("submittedAt", "2021-03-02T09:00:00+08:00").put("version", 3);
        filing.set("content", content);
        filing.set("financeTotals", totals(content));
        ok(wiremock, "/filings/" + id, filing);
        ArrayNode revisions = JSON.createArrayNode();
        for (int n = 1; n <= revision; n++) {
            revisions.addObject().put("revision", n).put("contentSha256", "sha-" + id + "-" + n)
                    .put("submittedAt", "2021-03-0" + n + "T09:00:00+08:00").put("submittedBy", "filer-" + department);
        }
        ok(wiremock, "/filings/" + id + "/revisions", revisions);
        ObjectNode rev = JSON.createObjectNode();
        rev.put("filingId", id.toString()).put("departmentCode", department).put("cycleId", cycleId).put("fiscalYear", fiscalYear)
                .put("revision", revision).put("contentSha256", sha).put("submittedAt", "2021-03-02T09:00:00+08:00")
                .put("submittedBy", "filer-" + department);
        rev.set("content", content);
        rev.set("financeTotals", totals(content));
        ok(wiremock, "/filings/" + id + "/revisions/" + revision, rev);
    }

    /** The department's filings of a fiscal year (for the prior-year lookup); empty when none given. */
    public static void stubFilingsOfYear(WireMockServer wiremock, String department, int fiscalYear, UUID... filings) {
        stubFilingsOfYear(wiremock, department, fiscalYear, List.of(), List.of(filings));
    }

    /** The same, with never-submitted drafts of other cycles listed first. */
    public static void stubFilingsOfYear(WireMockServer wiremock, String department, int fiscalYear, List<UUID> drafts, List<UUID> filings) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("items");
        for (UUID f : drafts) {
            items.addObject().put("id", f.toString()).put("departmentCode", department).put("cycleId", 2).put("fiscalYear", fiscalYear)
                    .put("status", "DRAFT").put("revision", 1).put("contentSha256", "sha-" + f + "-1").putNull("submittedAt");
        }
        for (UUID f : filings) {
            items.addObject().put("id", f.toString()).put("departmentCode", department).put("cycleId", 1).put("fiscalYear", fiscalYear)
                    .put("status", "ACCEPTED").put("revision", 1).put("contentSha256", "sha-" + f + "-1")
                    .put("submittedAt", (fiscalYear + 1) + "-03-01T10:00:00+08:00");
        }
        int n = drafts.size() + filings.size();
        page.put("page", 0).put("size", 20).put("totalItems", n).put("totalPages", n == 0 ? 0 : 1);
        wiremock.stubFor(get(urlPathEqualTo(BASE + "/filings"))
                .withQueryParam("departmentCode", com.github.tomakehurst.wiremock.client.WireMock.equalTo(department))
                .withQueryParam("fiscalYear", com.github.tomakehurst.wiremock.client.WireMock.equalTo(String.valueOf(fiscalYear)))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page.toString())));
    }

    public static void stubCycle(WireMockServer wiremock, long cycleId, int fiscalYear, String rubricCode, int rubricVersion) {
        ObjectNode cycle = JSON.createObjectNode();
        cycle.put("id", cycleId).put("name", fiscalYear + "年度部门整体支出绩效自评").put("fiscalYear", fiscalYear)
                .put("deadline", (fiscalYear + 1) + "-03-31T23:59:59+08:00").put("rubricCode", rubricCode).put("rubricVersion", rubricVersion)
                .put("createdAt", "2021-01-05T09:00:00+08:00").put("createdBy", "admin1");
        cycle.putObject("indicatorPoints").put("staff-control-rate", 5);
        ok(wiremock, "/cycles/" + cycleId, cycle);
    }

    public static void stubDepartment(WireMockServer wiremock, String code) {
        ObjectNode d = JSON.createObjectNode();
        d.put("code", code).put("name", "测试部门" + code).put("group", "教科文卫");
        d.putArray("subUnits").addObject().put("code", code + "-01").put("name", "局机关");
        d.put("createdAt", "2021-01-05T09:00:00+08:00").put("updatedAt", "2021-01-05T09:00:00+08:00");
        ok(wiremock, "/departments/" + code, d);
    }

    /** Everything a submitted filing of a new department in a new cycle needs; returns the filing id. */
    public static Scenario scenario(WireMockServer wiremock, JsonNode content) {
        String dept = department();
        long cycle = nextId();
        stubServiceToken(wiremock);
        stubCycle(wiremock, cycle, 2020, DEFAULT_RUBRIC, 1);
        stubDepartment(wiremock, dept);
        stubFilingsOfYear(wiremock, dept, 2019);
        JsonNode c = content == null ? validContent(dept) : content;
        UUID filing = stubFiling(wiremock, dept, cycle, 2020, c);
        return new Scenario(dept, cycle, filing);
    }

    public record Scenario(String department, long cycleId, UUID filingId) {
    }

    private static void ok(WireMockServer wiremock, String path, JsonNode body) {
        wiremock.stubFor(get(urlEqualTo(BASE + path))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body.toString())));
    }

    /** Department totals (汇总): the sum of the sub-units, as submission-service computes them. */
    public static ObjectNode totals(JsonNode content) {
        ObjectNode totals = JSON.createObjectNode();
        for (String section : new String[] {"income", "expenditure", "threePublic", "fixedAssets"}) {
            ObjectNode sum = totals.putObject(section);
            for (JsonNode unit : content.path("finance")) {
                unit.path(section).fields().forEachRemaining(e -> {
                    BigDecimal before = sum.has(e.getKey()) ? sum.get(e.getKey()).decimalValue() : BigDecimal.ZERO;
                    sum.put(e.getKey(), before.add(e.getValue().decimalValue()));
                });
            }
        }
        return totals;
    }

    public static String resource(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rubric version's ETag as an admin reads it now: what a save or publish names in If-Match. */
    public static String rubricETag(String code, int version) {
        return io.restassured.RestAssured.given().auth().oauth2(Tokens.admin()).get("/api/v1/rubrics/" + code + "/versions/" + version)
                .then().statusCode(200).extract().header("ETag");
    }
}
