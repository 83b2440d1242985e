package cn.jixiao.submission.filing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The department totals are stored with the content (V3) instead of being computed on every read:
 * what is stored is what {@link FinanceTotals#of} computes, whoever wrote the row.
 */
@QuarkusTest
class StoredTotalsTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    EntityManager em;

    @Inject
    FilingJson json;

    String dept;
    long cycle;

    @BeforeEach
    void district() {
        Fixtures.stubScoring(wiremock);
        dept = Fixtures.department();
        cycle = Fixtures.openCycle();
    }

    @Test
    void storedTotalsAreTheComputedOnesAfterCreateAndUpdate() throws Exception {
        Response created = Fixtures.draft(dept, cycle, Fixtures.validContent(dept));
        String id = created.jsonPath().getString("id");
        JsonNode createdTotals = tree(created.asString()).get("financeTotals");
        assertEquals(javaTotals(id), stored(id));
        assertEquals(javaTotals(id), createdTotals);

        ObjectNode changed = Fixtures.validContent(dept);
        ((ObjectNode) changed.at("/finance/1/income")).put("publicFiscal", new java.math.BigDecimal("180.00")).put("total", new java.math.BigDecimal("180.00"));
        Response updated = given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", created.header("ETag"))
                .body("{\"content\":" + changed + "}").put("/api/v1/filings/" + id).then().statusCode(200).extract().response();
        assertEquals("430.40", stored(id).at("/income/total").decimalValue().toPlainString());
        assertEquals(javaTotals(id), stored(id));
        assertEquals(javaTotals(id), tree(updated.asString()).get("financeTotals"));
        String read = given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200).extract().asString();
        assertEquals(javaTotals(id), tree(read).get("financeTotals"));
    }

    @Test
    void aReadShowsTheContentAsWritten() throws Exception {
        ObjectNode content = Fixtures.validContent(dept);
        Response created = Fixtures.draft(dept, cycle, content);
        String read = given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + created.jsonPath().getString("id"))
                .then().statusCode(200).extract().asString();
        JsonNode view = tree(read);
        assertEquals(tree(created.asString()).get("content"), view.get("content"));
        assertEquals(content, view.get("content"));
        // the same top-level properties, in the same order, as before content was written out as stored
        List<String> names = new java.util.ArrayList<>();
        view.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("id", "departmentCode", "cycleId", "fiscalYear", "status", "revision", "content", "financeTotals",
                "contentSha256", "returnReason", "submitUntil", "createdAt", "createdBy", "updatedAt", "submittedAt", "version"), names);
    }

    @Test
    void aDraftWithoutFiguresHasNoTotals() throws Exception {
        String id = Fixtures.draft(dept, cycle, null).jsonPath().getString("id");
        assertNull(stored(id));
        String read = given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200).extract().asString();
        assertEquals(true, tree(read).get("financeTotals").isNull());
        assertEquals(0, tree(read).get("content").size());
    }

    @Test
    void aRowInsertedBySqlWithoutTotalsGetsThemComputed() {
        String id = Fixtures.draft(dept, cycle, Fixtures.validContent(dept)).jsonPath().getString("id");
        long other = Fixtures.openCycle();
        UUID copy = UUID.randomUUID();
        // as the benchmark harness and repairs do: every column but the totals, from a session whose
        // search_path does not name the service's schema
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("SET LOCAL search_path TO public").executeUpdate();
            em.createNativeQuery("INSERT INTO submission.filing (id, department_code, cycle_id, fiscal_year, "
                            + "status, revision, content, content_sha256, created_at, created_by, updated_at, version) "
                            + "SELECT :copy, department_code, :cycle, fiscal_year, 'DRAFT', 1, content, content_sha256, now(), created_by, now(), 0 "
                            + "FROM submission.filing WHERE id = :id")
                    .setParameter("copy", copy).setParameter("cycle", other).setParameter("id", UUID.fromString(id)).executeUpdate();
        });
        assertEquals(stored(id), stored(copy.toString()));
        assertNotNull(stored(copy.toString()));
    }

    /** The SQL rule (migration V3) and the Java rule agree on drafts that leave figures out. */
    @Test
    void theSqlRuleAgreesWithTheJavaRuleOnPartialFigures() throws Exception {
        ObjectNode valid = Fixtures.validContent(dept);
        ObjectNode noFinance = valid.deepCopy();
        noFinance.remove("finance");
        ObjectNode emptyFinance = valid.deepCopy();
        emptyFinance.putArray("finance");
        ObjectNode nullEntry = valid.deepCopy();
        ((ArrayNode) nullEntry.get("finance")).addNull();
        ObjectNode missingSection = valid.deepCopy();
        ((ObjectNode) missingSection.at("/finance/1")).remove("threePublic");
        ObjectNode missingEverywhere = valid.deepCopy();
        ((ObjectNode) missingEverywhere.at("/finance/0")).remove("fixedAssets");
        ((ObjectNode) missingEverywhere.at("/finance/1")).remove("fixedAssets");
        ObjectNode missingFields = valid.deepCopy();
        ((ObjectNode) missingFields.at("/finance/0/income")).remove("carryOver");
        ((ObjectNode) missingFields.at("/finance/1/income")).remove("carryOver");
        ((ObjectNode) missingFields.at("/finance/1/expenditure")).remove("project");
        ObjectNode oneDecimal = valid.deepCopy();
        ((ObjectNode) oneDecimal.at("/finance/1/income")).put("other", new java.math.BigDecimal("0.5"));
        for (ObjectNode content : List.of(valid, noFinance, emptyFinance, nullEntry, missingSection, missingEverywhere, missingFields, oneDecimal)) {
            FilingContent parsed = json.read(content.toString());
            String javaTotals = json.writeTotals(parsed.finance() == null ? null : FinanceTotals.of(parsed.finance()));
            String written = json.write(parsed);
            Object sql = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT CAST(filing_finance_totals(CAST(:content AS jsonb)) AS text)").setParameter("content", written).getSingleResult());
            assertEquals(javaTotals == null ? null : tree(javaTotals), sql == null ? null : tree((String) sql), content.toString());
        }
    }

    private JsonNode stored(String id) {
        Object totals = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT CAST(finance_totals AS text) FROM filing WHERE id = :id").setParameter("id", UUID.fromString(id)).getSingleResult());
        return totals == null ? null : tree((String) totals);
    }

    private JsonNode javaTotals(String id) {
        String content = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT CAST(content AS text) FROM filing WHERE id = :id").setParameter("id", UUID.fromString(id)).getSingleResult());
        String totals = json.writeTotals(FinanceTotals.of(json.read(content).finance()));
        return totals == null ? null : tree(totals);
    }

    static JsonNode tree(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
