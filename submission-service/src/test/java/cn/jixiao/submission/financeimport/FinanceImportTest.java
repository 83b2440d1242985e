package cn.jixiao.submission.financeimport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FinanceImportTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    EntityManager em;

    String a;
    String b;
    long cycle;
    String filingA;
    String filingB;

    @BeforeEach
    void drafts() {
        Fixtures.stubScoring(wiremock);
        cycle = Fixtures.cycle(2022, java.time.OffsetDateTime.now().plusDays(10));
        a = Fixtures.department();
        b = Fixtures.department();
        filingA = Fixtures.draft(a, cycle, null).jsonPath().getString("id");
        filingB = Fixtures.draft(b, cycle, null).jsonPath().getString("id");
    }

    static String item(String dept, String sub, String publicFiscal, String total) {
        return "{\"departmentCode\":\"" + dept + "\",\"subUnitCode\":\"" + sub + "\","
                + "\"income\":{\"carryOver\":10.00,\"publicFiscal\":" + publicFiscal + ",\"governmentFund\":0,\"specialAccountNonTax\":0,\"other\":0,\"total\":" + total + "},"
                + "\"expenditure\":{\"personnel\":50.00,\"publicUse\":20.00,\"basic\":70.00,\"project\":10.00,\"total\":80.00,\"balanceOfYear\":10.00,\"accumulatedBalance\":20.00},"
                + "\"threePublic\":{\"reception\":1.00,\"vehicleOperation\":0.50,\"vehiclePurchase\":0,\"overseasTravel\":0,\"total\":1.50},"
                + "\"fixedAssets\":{\"inUse\":30.00,\"leasedOut\":0,\"other\":0,\"total\":30.00}}";
    }

    @Inject
    FinanceImportService imports;

    /**
     * While every turn is taken, an import waits a bounded time, then is answered 503 with
     * Retry-After, having applied nothing, and its key is free for the retry (it waited without
     * bound, past its transaction's timeout, and then wrote without a transaction).
     */
    @Test
    void anImportThatCannotGetATurnIs503AndItsRetryIsApplied() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = batch(item(a, a + "-01", "90.00", "100.00"));
        imports.turns().acquire(FinanceImportService.AT_ONCE);
        try {
            given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(body).post("/api/v1/imports/finance").then().statusCode(503).header("Retry-After", "5")
                    .contentType("application/problem+json");
        } finally {
            imports.turns().release(FinanceImportService.AT_ONCE);
        }
        given().auth().oauth2(Tokens.filer(a)).get("/api/v1/filings/" + filingA).then().statusCode(200).body("version", equalTo(0));
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/v1/imports/finance").then().statusCode(200).body("itemsApplied", equalTo(1));
    }

    /** A batch of empty items lists its first 500 problems and counts them all: not an answer of megabytes kept for its key. */
    @Test
    void aRefusalListsItsFirst500ProblemsAndCountsThemAll() {
        List<String> empty = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            empty.add("{\"departmentCode\":\"" + a + "\",\"subUnitCode\":\"" + a + "-01\",\"income\":{},\"expenditure\":{},"
                    + "\"threePublic\":{},\"fixedAssets\":{}}");
        }
        JsonPath refusal = given().auth().oauth2(Tokens.integration(a)).header("Accept-Language", "en").contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(batch(empty.toArray(String[]::new)))
                .post("/api/v1/imports/finance").then().statusCode(422).extract().jsonPath();
        assertEquals(500, refusal.getList("errors").size());
        int all = Integer.parseInt(refusal.getString("detail").replaceAll("^The batch has (\\d+) problem.*$", "$1"));
        assertTrue(all > 500, refusal.getString("detail"));
        assertTrue(refusal.getString("detail").contains("the first 500 are listed"), refusal.getString("detail"));
    }

    /** A batch for this test's cycle (2022 has one per test: the year alone names none of them). */
    String batch(String... items) {
        return "{\"fiscalYear\":2022,\"cycleId\":" + cycle + ",\"items\":[" + String.join(",", items) + "]}";
    }

    /**
     * A year of several cycles needs the one named, even where each department has a draft in
     * one only: figures meant for the year's cycle were written into a supplementary cycle's draft.
     */
    @Test
    void withoutACycleAYearOfSeveralCyclesIsRefusedNamingThem() {
        long year = 2091; // a year no other test files in
        long main = Fixtures.cycle((int) year, java.time.OffsetDateTime.now().plusDays(10));
        long supplementary = Fixtures.cycle((int) year, java.time.OffsetDateTime.now().plusDays(10));
        String c = Fixtures.department();
        String draft = Fixtures.draft(c, supplementary, null).jsonPath().getString("id");
        String body = "{\"fiscalYear\":" + year + ",\"items\":[" + item(c, c + "-01", "90.00", "100.00") + "]}";
        given().auth().oauth2(Tokens.integration(c)).header("Accept-Language", "en").contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body).post("/api/v1/imports/finance").then().statusCode(422)
                .body("errors[0].field", equalTo("$.cycleId")).body("errors[0].code", equalTo("ambiguous"))
                .body("errors[0].message", containsString(main + ", " + supplementary));
        given().auth().oauth2(Tokens.filer(c)).get("/api/v1/filings/" + draft).then().statusCode(200).body("version", equalTo(0));
        // a cycle that does not exist, or is another year's, is named as the field at fault
        long otherYears = Fixtures.cycle((int) year - 1, java.time.OffsetDateTime.now().plusDays(10));
        for (long wrong : new long[] {otherYears, 987654321L}) {
            given().auth().oauth2(Tokens.integration(c)).header("Accept-Language", "en").contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(body.replace("{\"fiscalYear\":" + year + ",", "{\"fiscalYear\":" + year + ",\"cycleId\":" + wrong + ","))
                    .post("/api/v1/imports/finance").then().statusCode(422)
                    .body("errors", hasSize(1)).body("errors[0].field", equalTo("$.cycleId")).body("errors[0].code", equalTo("unknown-cycle"));
        }
        given().auth().oauth2(Tokens.filer(c)).get("/api/v1/filings/" + draft).then().statusCode(200).body("version", equalTo(0));
        // named, it goes where it is meant to
        given().auth().oauth2(Tokens.integration(c)).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body.replace("{\"fiscalYear\":" + year + ",", "{\"fiscalYear\":" + year + ",\"cycleId\":" + supplementary + ","))
                .post("/api/v1/imports/finance").then().statusCode(200).body("itemsApplied", equalTo(1));
    }

    @Test
    void integrationAccountFillsDraftsOfItsDepartments() {
        String body = batch(item(a, a + "-01", "90.00", "100.00"), item(a, a + "-02", "90.00", "100.00"), item(b, b + "-01", "90.00", "100.00"));
        given().auth().oauth2(Tokens.integration(a, b)).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/v1/imports/finance").then().statusCode(200)
                .body("itemsApplied", equalTo(3)).body("filings.departmentCode", hasItem(a));
        given().auth().oauth2(Tokens.filer(a)).get("/api/v1/filings/" + filingA).then().statusCode(200)
                .body("content.finance.subUnitCode", contains(a + "-01", a + "-02"))
                .body("content.finance[0].subUnitName", equalTo("局机关"))
                .body("financeTotals.income.total", equalTo(200.00f));
        given().auth().oauth2(Tokens.filer(a)).get("/api/v1/filings/" + filingA + "/history").then()
                .body("action", contains("CREATED", "FINANCE_IMPORTED")).body("actor[1]", equalTo("ledger-system"));
    }

    @Test
    void replayReturnsTheFirstResponseAndAppliesOnce() {
        String key = UUID.randomUUID().toString();
        String body = batch(item(a, a + "-01", "90.00", "100.00"));
        String first = given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/v1/imports/finance").then().statusCode(200).extract().asString();
        String again = given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/v1/imports/finance").then().statusCode(200).header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, again);
        // the same request with other spacing is the same request
        String spaced = given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body.replace(",", ",\n  ").replace(":", " : ")).post("/api/v1/imports/finance").then().statusCode(200)
                .header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, spaced);
        given().auth().oauth2(Tokens.filer(a)).get("/api/v1/filings/" + filingA + "/history").then()
                .body("action", contains("CREATED", "FINANCE_IMPORTED"));
    }

    @Test
    void aKeyLeftInFlightByAProcessThatDiedIsTakenOverByARetry() {
        String key = UUID.randomUUID().toString();
        String body = batch(item(a, a + "-01", "90.00", "100.00"));
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/v1/imports/finance").then().statusCode(200);
        // as if the process had died between claiming the key and applying the import (which
        // rolled back with it): the claim stays, unfinished
        java.util.function.Consumer<String> claimedAgo = age -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE idempotency_record SET state = 'IN_FLIGHT', response_status = NULL, response_body = NULL, "
                                + "completed_at = NULL, created_at = now() - CAST(:age AS interval) WHERE idempotency_key = :key")
                .setParameter("age", age).setParameter("key", key).executeUpdate());
        claimedAgo.accept("1 minute");
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/v1/imports/finance").then().statusCode(409)
                .body("type", equalTo("https://jixiao.cn/problems/idempotency-key-in-flight"));
        claimedAgo.accept("1 hour");
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/v1/imports/finance").then().statusCode(200)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/v1/imports/finance").then().statusCode(200).header("Idempotent-Replayed", "true");
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(batch(item(a, a + "-01", "90.00", "100.00"))).post("/api/v1/imports/finance").then().statusCode(200);
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(batch(item(a, a + "-01", "80.00", "90.00"))).post("/api/v1/imports/finance").then().statusCode(422)
                .body("type", org.hamcrest.Matchers.containsString("idempotency-key-reused"));
    }

    @Test
    void keysAreBoundToTheCaller() {
        String key = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(batch(item(a, a + "-01", "90.00", "100.00"))).post("/api/v1/imports/finance").then().statusCode(200);
        // another account using the same key is a new request of its own
        given().auth().oauth2(Tokens.token("other-ledger", List.of("integration"), java.util.Map.of("departments", List.of(b))))
                .contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(batch(item(b, b + "-01", "90.00", "100.00"))).post("/api/v1/imports/finance").then().statusCode(200)
                .body("filings[0].departmentCode", equalTo(b));
    }

    @Test
    void aDepartmentOutsideTheAccountRefusesTheWholeBatch() {
        String body = batch(item(a, a + "-01", "90.00", "100.00"), item(b, b + "-01", "90.00", "100.00"));
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/v1/imports/finance").then().statusCode(403).body("errors.field", hasItem("$.items[1].departmentCode"));
        given().auth().oauth2(Tokens.filer(a)).get("/api/v1/filings/" + filingA).then().body("content.finance", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void oneBadItemRefusesTheWholeBatchNamingIt() {
        String body = batch(item(a, a + "-01", "90.00", "100.00"), item(b, b + "-09", "90.00", "100.00"), item(b, b + "-01", "90.00", "99.99"));
        given().auth().oauth2(Tokens.integration(a, b)).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/v1/imports/finance").then().statusCode(422)
                .body("errors.field", hasItem("$.items[1].subUnitCode"))
                .body("errors.field", hasItem("$.items[2].income.total"));
        given().auth().oauth2(Tokens.filer(a)).get("/api/v1/filings/" + filingA).then().body("content.finance", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void submittedFilingsTakeNoFigures() {
        String c = Fixtures.department();
        Fixtures.submittedFiling(c, cycle);
        given().auth().oauth2(Tokens.integration(c)).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(batch(item(c, c + "-01", "90.00", "100.00"))).post("/api/v1/imports/finance").then().statusCode(422)
                .body("errors.code", hasItem("not-draft"));
    }

    @Test
    void theKeyIsRequiredAndOnlyIntegrationOrAdminMayImport() {
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON)
                .body(batch(item(a, a + "-01", "90.00", "100.00"))).post("/api/v1/imports/finance").then().statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
        given().auth().oauth2(Tokens.filer(a)).contentType(ContentType.JSON).header("Idempotency-Key", "k")
                .body(batch(item(a, a + "-01", "90.00", "100.00"))).post("/api/v1/imports/finance").then().statusCode(403);
    }

    @Test
    void twentyConcurrentImportsWithTheSameKeyApplyOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = batch(item(a, a + "-01", "90.00", "100.00"), item(b, b + "-02", "90.00", "100.00"));
        String token = Tokens.integration(a, b);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(body).post("/api/v1/imports/finance").then().extract().response());
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Response> responses = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> c : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        for (Response r : responses) {
            assertTrue(r.statusCode() == 200 || r.statusCode() == 409, "status " + r.statusCode() + " " + r.asString());
        }
        assertTrue(responses.stream().anyMatch(r -> r.statusCode() == 200));
        for (String filing : List.of(filingA, filingB)) {
            List<String> actions = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/" + filing + "/history").then()
                    .extract().jsonPath().getList("action");
            assertEquals(List.of("CREATED", "FINANCE_IMPORTED"), actions, filing);
        }
        // once settled, a retry replays the stored answer
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/imports/finance").then().statusCode(200).header("Idempotent-Replayed", "true");
    }

    @Test
    void anImportBumpsTheVersionAndStoresTheTotals() {
        String before = Fixtures.etag(filingA, Tokens.filer(a));
        long version = given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(batch(item(a, a + "-02", "90.00", "100.00"))).post("/api/v1/imports/finance").then().statusCode(200)
                .extract().jsonPath().getLong("filings[0].version");
        String after = Fixtures.etag(filingA, Tokens.filer(a));
        assertNotEquals(before, after);
        assertEquals("\"" + version + "\"", after);
        // a client holding the ETag from before the import must read again
        given().auth().oauth2(Tokens.filer(a)).contentType(ContentType.JSON).header("If-Match", before)
                .body("{\"content\":{}}").put("/api/v1/filings/" + filingA).then().statusCode(412);
        given().auth().oauth2(Tokens.filer(a)).get("/api/v1/filings/" + filingA).then().statusCode(200)
                .body("content.finance[0].subUnitName", equalTo("县教研室"))
                .body("financeTotals.income.total", equalTo(100.00f))
                .body("financeTotals.threePublic.total", equalTo(1.50f));
        assertEquals(Boolean.TRUE, sql("SELECT finance_totals = filing_finance_totals(content) FROM filing WHERE id = '" + filingA + "'"));
        // the content goes to the database as UTF-8 bytes: the stored text is exactly what its hash covers
        assertEquals(Boolean.TRUE, sql("SELECT encode(sha256(convert_to(content::text, 'UTF8')), 'hex') = content_sha256 "
                + "AND content::text LIKE '%县教研室%' FROM filing WHERE id = '" + filingA + "'"));
    }

    /**
     * Trailing zeros beyond twenty places (0E-10000, 10.000…0) were kept as written: the request's
     * fingerprint, written out in full, failed on a zero's 10,000 places (a 500 at every retry), and
     * the content would have held them. They are read as the values they are.
     */
    @Test
    void trailingZerosBeyondTwentyPlacesAreReadAsTheValueTheyWrite() {
        String body = batch(item(a, a + "-01", "90.00", "100.00")
                .replace("\"governmentFund\":0", "\"governmentFund\":0E-10000")
                .replace("\"carryOver\":10.00", "\"carryOver\":10." + "0".repeat(900)));
        given().auth().oauth2(Tokens.integration(a)).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/v1/imports/finance").then().statusCode(200).body("itemsApplied", equalTo(1));
        String stored = given().auth().oauth2(Tokens.filer(a)).get("/api/v1/filings/" + filingA).then().statusCode(200)
                .body("financeTotals.income.total", equalTo(100.00f)).extract().asString();
        assertTrue(!stored.contains("0".repeat(25)), "no zeros beyond twenty places stored: " + stored);
        // a filer's own save reads them the same way
        String etag = Fixtures.etag(filingA, Tokens.filer(a));
        given().auth().oauth2(Tokens.filer(a)).contentType(ContentType.JSON).header("If-Match", etag)
                .body("{\"content\":{\"baseData\":{\"initialBudget\":0E+10000,\"budgetAdjustment\":5." + "0".repeat(900) + "}}}")
                .put("/api/v1/filings/" + filingA).then().statusCode(200)
                .body("content.baseData.initialBudget", equalTo(0)).body("content.baseData.budgetAdjustment", equalTo(5));
    }

    @Test
    void aLargeBatchIsAllOrNothingAndNamesItsOneBadItem() {
        // more departments than one write statement takes: the chunks are merged on workers while
        // earlier ones are written, and must come back whole and in order
        int n = FinanceImportService.WRITE_CHUNK + 30;
        List<String> departments = new ArrayList<>();
        List<String> filings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String d = Fixtures.department();
            departments.add(d);
            filings.add(Fixtures.draft(d, cycle, null).jsonPath().getString("id"));
        }
        List<String> items = new ArrayList<>();
        for (String d : departments) {
            items.add(item(d, d + "-01", "90.00", "100.00"));
            items.add(item(d, d + "-02", "90.00", "100.00"));
        }
        String ids = "'" + String.join("','", filings) + "'";
        List<String> bad = new ArrayList<>(items);
        bad.set(197, item(departments.get(98), departments.get(98) + "-02", "90.00", "100.01"));
        String token = Tokens.integration(departments.toArray(String[]::new));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(batch(bad.toArray(String[]::new))).post("/api/v1/imports/finance").then().statusCode(422)
                .body("errors.field", hasItem("$.items[197].income.total"))
                .body("errors.field", everyItem(startsWith("$.items[197].")));
        assertEquals(0L, ((Number) sql("SELECT count(*) FROM filing_history WHERE action = 'FINANCE_IMPORTED' AND filing_id IN (" + ids + ")")).longValue());
        assertEquals(0L, ((Number) sql("SELECT sum(version) FROM filing WHERE id IN (" + ids + ")")).longValue());
        assertEquals(0L, ((Number) sql("SELECT count(*) FROM filing WHERE finance_totals IS NOT NULL AND id IN (" + ids + ")")).longValue());

        JsonPath result = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(batch(items.toArray(String[]::new))).post("/api/v1/imports/finance").then().statusCode(200)
                .body("itemsApplied", equalTo(2 * n)).extract().jsonPath();
        List<Object> applied = result.getList("filings.version");
        assertEquals(n, applied.size());
        assertTrue(applied.stream().allMatch(v -> ((Number) v).longValue() == 1), applied.toString());
        List<String> sorted = new ArrayList<>(departments);
        Collections.sort(sorted);
        assertEquals(sorted, result.getList("filings.departmentCode"));
        Map<String, String> filingOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            filingOf.put(departments.get(i), filings.get(i));
        }
        assertEquals(sorted.stream().map(filingOf::get).toList(), result.getList("filings.filingId"));
        assertEquals((long) n, ((Number) sql("SELECT count(*) FROM filing_history WHERE action = 'FINANCE_IMPORTED' AND filing_id IN (" + ids + ")")).longValue());
        assertEquals((long) n, ((Number) sql("SELECT count(*) FROM filing WHERE finance_totals = filing_finance_totals(content) "
                + "AND finance_totals #>> '{income,total}' = '200.00' AND id IN (" + ids + ")")).longValue());
        given().auth().oauth2(Tokens.filer(departments.get(98))).get("/api/v1/filings/" + filings.get(98)).then().statusCode(200)
                .body("content.finance.subUnitCode", contains(departments.get(98) + "-01", departments.get(98) + "-02"))
                .body("financeTotals.income.total", equalTo(200.00f));
    }

    private Object sql(String query) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(query).getSingleResult());
    }
}
