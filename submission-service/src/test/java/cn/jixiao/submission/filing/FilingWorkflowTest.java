package cn.jixiao.submission.filing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FilingWorkflowTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    EntityManager em;

    String dept;
    long cycle;

    @BeforeEach
    void district() {
        Fixtures.stubScoring(wiremock);
        dept = Fixtures.department();
        cycle = Fixtures.openCycle();
    }

    @Test
    void draftIsCreatedForTheFilersOwnDepartmentWithComputedTotals() {
        Response created = Fixtures.draft(dept, cycle, Fixtures.validContent(dept));
        created.then()
                .header("Location", containsString("/api/v1/filings/"))
                .header("ETag", notNullValue())
                .body("status", equalTo("DRAFT"))
                .body("departmentCode", equalTo(dept))
                .body("fiscalYear", equalTo(2020))
                .body("revision", equalTo(1))
                // department totals are the sums of the two sub-units, never typed
                .body("financeTotals.income.total", equalTo(350.40f))
                .body("financeTotals.expenditure.total", equalTo(321.15f))
                .body("financeTotals.expenditure.accumulatedBalance", equalTo(29.25f))
                .body("financeTotals.threePublic.total", equalTo(4.90f));
        String id = created.jsonPath().getString("id");
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200)
                .header("ETag", equalTo(created.header("ETag")))
                .body("content.finance[0].income.total", equalTo(250.40f));
    }

    /**
     * The bound on decimals is for what clients send: trailing zeros and zero itself are within it,
     * and a content stored before the bound existed stays readable (validation names its field).
     */
    @Test
    void decimalsWithinTheBoundAreKeptAndStoredOnesBeyondItStayReadable() {
        String body = "{\"cycleId\":" + cycle + ",\"content\":{\"finance\":[{\"subUnitCode\":\"" + dept + "-01\",\"income\":"
                + "{\"carryOver\":5.0000000000000000000000000,\"other\":0E-30,\"total\":-12345678901234567890.12}}]}}";
        Response created = given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).body(body).post("/api/v1/filings");
        created.then().statusCode(201).body("content.finance[0].income.total", notNullValue());
        String id = created.jsonPath().getString("id");
        // as a row written before the bound: 25 significant decimals
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE filing SET content = jsonb_set(content::jsonb, "
                + "'{finance,0,income,carryOver}', '0.1234567890123456789012345'::jsonb)::json WHERE id = ?1").setParameter(1, java.util.UUID.fromString(id))
                .executeUpdate());
        String etag = given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", etag).post("/api/v1/filings/" + id + "/submit").then().statusCode(422)
                .body("errors.field", hasItem("$.finance[0].income.carryOver"));
    }

    @Test
    void totalsAreExactDecimalsNotFloats() {
        String id = Fixtures.draft(dept, cycle, Fixtures.validContent(dept)).jsonPath().getString("id");
        String body = given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200)
                .extract().asString();
        // 250.40 + 100.00 is written as 350.40, not 350.4000000001 or 350.4
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("\"total\":350.40"), body);
    }

    @Test
    void aDraftMayBeSavedIncompleteButNotSubmitted() {
        Response created = Fixtures.draft(dept, cycle, null);
        String id = created.jsonPath().getString("id");
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id + "/validation").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("problems.field", hasItem("$.basicInfo"))
                .body("problems.field", hasItem("$.finance"))
                .body("problems.field", hasItem("$.selfEvaluation"));
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", created.header("ETag"))
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("$.basicInfo"))
                .body("errors.field", hasItem("$.report"));
    }

    @Test
    void submitRefusesInconsistentTotalsListingEveryField() {
        ObjectNode content = Fixtures.validContent(dept);
        ((ObjectNode) content.at("/finance/0/income")).put("total", new java.math.BigDecimal("250.30"));
        ((ObjectNode) content.at("/finance/1/threePublic")).put("total", new java.math.BigDecimal("0.40"));
        Response created = Fixtures.draft(dept, cycle, content);
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", created.header("ETag")).header("Accept-Language", "en")
                .post("/api/v1/filings/" + created.jsonPath().getString("id") + "/submit").then().statusCode(422)
                .body("title", equalTo("Validation failed"))
                .body("errors.field", hasItem("$.finance[0].income.total"))
                .body("errors.field", hasItem("$.finance[1].threePublic.total"))
                .body("errors.field", hasItem("$.finance[0].expenditure.accumulatedBalance"));
    }

    @Test
    void putNeedsIfMatchAndAStaleOneIsRefused() {
        Response created = Fixtures.draft(dept, cycle, null);
        String id = created.jsonPath().getString("id");
        String first = created.header("ETag");
        String body = "{\"content\":" + Fixtures.validContent(dept) + "}";
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).body(body)
                .put("/api/v1/filings/" + id).then().statusCode(428).contentType("application/problem+json");
        String second = given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", first).body(body)
                .put("/api/v1/filings/" + id).then().statusCode(200).extract().header("ETag");
        assertNotEquals(first, second);
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", first).body(body)
                .put("/api/v1/filings/" + id).then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", "*").body(body)
                .put("/api/v1/filings/" + id).then().statusCode(428);
    }

    @Test
    void submitFreezesTheRevisionAndAnnouncesItInTheOutbox() {
        Response created = Fixtures.draft(dept, cycle, Fixtures.validContent(dept));
        String id = created.jsonPath().getString("id");
        Response submitted = given().auth().oauth2(Tokens.filer(dept)).header("If-Match", created.header("ETag"))
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(200)
                .body("status", equalTo("SUBMITTED")).body("revision", equalTo(1)).body("submittedAt", notNullValue())
                .extract().response();
        String sha = submitted.jsonPath().getString("contentSha256");

        // a submitted revision never changes
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", submitted.header("ETag"))
                .body("{\"content\":{}}").put("/api/v1/filings/" + id).then().statusCode(409);
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", submitted.header("ETag"))
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(409);

        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id + "/revisions/1").then().statusCode(200)
                .body("contentSha256", equalTo(sha)).body("financeTotals.income.total", equalTo(350.40f));

        List<?> outbox = em.createNativeQuery("SELECT payload->>'revision' FROM outbox_message WHERE aggregate_id = :id AND type = 'FilingSubmitted'")
                .setParameter("id", id).getResultList();
        assertEquals(List.of("1"), outbox);
        String rubric = (String) em.createNativeQuery("SELECT payload->>'rubricCode' FROM outbox_message WHERE aggregate_id = :id")
                .setParameter("id", id).getSingleResult();
        assertEquals("department-overall", rubric);
        // the content is stored as the canonical text its hash was computed over, in the filing and its revision
        Object[] hashes = (Object[]) em.createNativeQuery("SELECT encode(sha256(convert_to(f.content::text, 'UTF8')), 'hex'), "
                + "encode(sha256(convert_to(r.content::text, 'UTF8')), 'hex') FROM filing f JOIN filing_revision r ON r.filing_id = f.id "
                + "WHERE f.id = CAST(:id AS uuid)").setParameter("id", id).getSingleResult();
        assertEquals(List.of(sha, sha), List.of(hashes));
        // the request id travels in the payload and in its own column, which the dispatcher reads
        Object[] requestIds = (Object[]) em.createNativeQuery("SELECT request_id, payload->>'requestId' FROM outbox_message WHERE aggregate_id = :id")
                .setParameter("id", id).getSingleResult();
        assertNotNull(requestIds[0]);
        assertEquals(requestIds[0], requestIds[1]);
    }

    @Test
    void returnAndResubmitCreatesTheNextRevisionAndKeepsTheFirstReadable() {
        String id = Fixtures.submittedFiling(dept, cycle);
        String sha1 = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/" + id + "/revisions/1").then().statusCode(200)
                .extract().jsonPath().getString("contentSha256");

        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).header("If-Match", Fixtures.etag(id, Tokens.reviewer()))
                .body("{\"reason\":\"三公经费明细请核实\"}")
                .post("/api/v1/filings/" + id + "/return").then().statusCode(200)
                .body("status", equalTo("RETURNED")).body("revision", equalTo(2)).body("returnReason", equalTo("三公经费明细请核实"));

        ObjectNode changed = Fixtures.validContent(dept);
        ((ObjectNode) changed.at("/basicInfo")).put("contactName", "赵强");
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", Fixtures.etag(id, Tokens.filer(dept)))
                .body("{\"content\":" + changed + "}").put("/api/v1/filings/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", Fixtures.etag(id, Tokens.filer(dept)))
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(200).body("revision", equalTo(2));

        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id + "/revisions").then().statusCode(200)
                .body("revision", contains(1, 2));
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id + "/revisions/1").then().statusCode(200)
                .body("contentSha256", equalTo(sha1)).body("content.basicInfo.contactName", equalTo("王芳"));
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id + "/revisions/2").then().statusCode(200)
                .body("content.basicInfo.contactName", equalTo("赵强"));
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id + "/revisions/3").then().statusCode(404);

        given().auth().oauth2(Tokens.reviewer()).header("If-Match", Fixtures.etag(id, Tokens.reviewer()))
                .post("/api/v1/filings/" + id + "/accept").then().statusCode(200).body("status", equalTo("ACCEPTED"));
        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).header("If-Match", Fixtures.etag(id, Tokens.reviewer()))
                .body("{\"reason\":\"again\"}").post("/api/v1/filings/" + id + "/return").then().statusCode(409);

        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id + "/history").then().statusCode(200)
                .body("action", contains("CREATED", "SUBMITTED", "RETURNED", "UPDATED", "SUBMITTED", "ACCEPTED"))
                .body("revision", contains(1, 1, 2, 2, 2, 2))
                .body("actor", contains("filer-" + dept, "filer-" + dept, "reviewer1", "filer-" + dept, "filer-" + dept, "reviewer1"))
                .body("contentSha256", everyItem(notNullValue()))
                .body("at", everyItem(notNullValue()));
        // the return's entry keeps the deadline it granted with the reason (a later return or reopen replaces it on the filing)
        String returnedDetail = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/" + id + "/history").then().statusCode(200)
                .extract().jsonPath().getString("find { it.action == 'RETURNED' }.detail");
        org.junit.jupiter.api.Assertions.assertTrue(returnedDetail.matches("until \\d{4}-\\d{2}-\\d{2}T.*: 三公经费明细请核实"), returnedDetail);
    }

    @Test
    void submitAfterTheDeadlineIsRefusedUntilAReviewerReopens() {
        long closed = Fixtures.cycle(2019, OffsetDateTime.now().minusDays(1));
        Response created = Fixtures.draft(dept, closed, Fixtures.validContent(dept));
        String id = created.jsonPath().getString("id");
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", created.header("ETag"))
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(409)
                .body("type", containsString("deadline-passed"));
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", created.header("ETag"))
                .body("{\"until\":\"" + OffsetDateTime.now().plusDays(3) + "\"}")
                .post("/api/v1/filings/" + id + "/reopen").then().statusCode(403);
        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).header("If-Match", created.header("ETag"))
                .body("{\"until\":\"" + OffsetDateTime.now().minusDays(3) + "\"}")
                .post("/api/v1/filings/" + id + "/reopen").then().statusCode(400).body("errors.field", hasItem("$.until"));
        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).header("If-Match", created.header("ETag"))
                .body("{\"until\":\"" + OffsetDateTime.now().plusDays(3) + "\",\"reason\":\"机构改革\"}")
                .post("/api/v1/filings/" + id + "/reopen").then().statusCode(200);
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", Fixtures.etag(id, Tokens.filer(dept)))
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(200);
    }

    /**
     * A deadline holds to its second: reopened until hh:mm:ss, a submit at hh:mm:ss.4 is in time
     * (it was refused to the microsecond). One that is late is told the deadline in the bureau's
     * time, +08:00 (it was told the driver's UTC: "15:59:59Z" for a deadline of 23:59:59).
     */
    @Test
    void aDeadlineHoldsToItsSecondAndIsToldInBeijingTime() throws Exception {
        long closed = Fixtures.cycle(2019, OffsetDateTime.parse("2020-03-31T23:59:59+08:00"));
        Response created = Fixtures.draft(dept, closed, Fixtures.validContent(dept));
        String id = created.jsonPath().getString("id");
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", created.header("ETag")).header("Accept-Language", "en")
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(409)
                .body("detail", containsString("2020-03-31T23:59:59+08:00"));
        // early in a second, reopen until the start of the next; submit a little after it
        while (java.time.Instant.now().getNano() > 300_000_000) {
            Thread.sleep(20);
        }
        OffsetDateTime until = OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).header("If-Match", created.header("ETag"))
                .body("{\"until\":\"" + until + "\"}").post("/api/v1/filings/" + id + "/reopen").then().statusCode(200);
        String etag = Fixtures.etag(id, Tokens.filer(dept));
        while (OffsetDateTime.now().isBefore(until.plusNanos(150_000_000))) {
            Thread.sleep(10);
        }
        org.junit.jupiter.api.Assertions.assertTrue(OffsetDateTime.now().isBefore(until.plusNanos(800_000_000)), "still within the deadline's second");
        given().auth().oauth2(Tokens.filer(dept)).header("If-Match", etag)
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(200);
    }

    /** A return or reopen records the deadline submit applies: never earlier than the cycle's own (it said 5 April and took 30 April). */
    @Test
    void aReturnRecordsTheDeadlineThatApplies() {
        String id = Fixtures.submittedFiling(dept, cycle);
        OffsetDateTime cycleDeadline = OffsetDateTime.parse(given().auth().oauth2(Tokens.reviewer()).get("/api/v1/cycles/" + cycle)
                .then().statusCode(200).extract().path("deadline"));
        OffsetDateTime returned = OffsetDateTime.parse(given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON)
                .header("If-Match", Fixtures.etag(id, Tokens.reviewer()))
                .body("{\"reason\":\"请补充\",\"resubmitUntil\":\"" + OffsetDateTime.now().plusDays(1) + "\"}")
                .post("/api/v1/filings/" + id + "/return").then().statusCode(200).extract().path("submitUntil"));
        assertEquals(cycleDeadline.toInstant(), returned.toInstant());
        String detail = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/" + id + "/history").then().statusCode(200)
                .extract().jsonPath().getString("find { it.action == 'RETURNED' }.detail");
        org.junit.jupiter.api.Assertions.assertTrue(detail.startsWith("until ") && detail.contains("+08:00: "), "in Beijing time: " + detail);
        // with its seconds even when they are zero (a reopen to midnight read "T00:00+08:00")
        assertEquals("2026-12-01T00:00:00+08:00", FilingService.localTime(OffsetDateTime.parse("2026-11-30T16:00Z")));
        assertEquals("2027-01-27T01:55:58.554245+08:00", FilingService.localTime(OffsetDateTime.parse("2027-01-26T17:55:58.554245Z")));
        assertEquals(cycleDeadline.toInstant(), OffsetDateTime.parse(detail.substring("until ".length(), detail.indexOf(": "))).toInstant());
    }

    @Test
    void oneFilingPerDepartmentAndCycle() {
        String id = Fixtures.draft(dept, cycle, null).jsonPath().getString("id");
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).body("{\"cycleId\":" + cycle + "}")
                .post("/api/v1/filings").then().statusCode(409).header("Location", containsString("/api/v1/filings/" + id));
    }

    @Test
    void aFilerCannotFileForAnotherDepartment() {
        String other = Fixtures.department();
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON)
                .body("{\"cycleId\":" + cycle + ",\"departmentCode\":\"" + other + "\"}")
                .post("/api/v1/filings").then().statusCode(403).body("errors.field", hasItem("$.departmentCode"));
    }

    @Test
    void unknownCycleIsNamed() {
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).body("{\"cycleId\":999999}")
                .post("/api/v1/filings").then().statusCode(400).body("errors.field", hasItem("$.cycleId"));
    }

    /** The draft is checked and inserted by one statement: each refusal must still come first in its order, and write nothing. */
    @Test
    void refusedCreatesSayWhyInOrderAndTheCreatedOneCarriesItsCyclesYear() {
        String unregistered = "NR" + System.nanoTime() % 1_000_000_000L;
        String body = "{\"cycleId\":" + cycle + ",\"content\":" + Fixtures.validContent(dept) + "}";
        // an unknown cycle is named before an unregistered department
        given().auth().oauth2(Tokens.filer(unregistered)).contentType(ContentType.JSON).body("{\"cycleId\":" + Long.MAX_VALUE + "}")
                .post("/api/v1/filings").then().statusCode(400).body("errors.field", hasItem("$.cycleId"))
                .body("errors.code", hasItem("unknown-cycle"));
        given().auth().oauth2(Tokens.filer(unregistered)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/filings").then().statusCode(409).body("detail", containsString(unregistered));
        String id = Fixtures.draft(dept, cycle, null).jsonPath().getString("id");
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/filings").then().statusCode(409).header("Location", containsString("/api/v1/filings/" + id));
        // the refused duplicate left the first draft's single history entry alone
        assertEquals(List.of(1L, 1L), em.createNativeQuery("SELECT (SELECT count(*) FROM filing WHERE department_code = ?1 AND cycle_id = ?2), "
                        + "(SELECT count(*) FROM filing_history h JOIN filing f ON f.id = h.filing_id WHERE f.department_code = ?1 AND f.cycle_id = ?2)")
                .setParameter(1, dept).setParameter(2, cycle).getResultList().stream()
                .flatMap(r -> java.util.Arrays.stream((Object[]) r)).map(n -> ((Number) n).longValue()).toList());
        // the year comes from the cycle, read in the insert itself
        long cycle2023 = Fixtures.cycle(2023, OffsetDateTime.now().plusDays(30));
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).body("{\"cycleId\":" + cycle2023 + "}")
                .post("/api/v1/filings").then().statusCode(201).body("fiscalYear", equalTo(2023)).body("cycleId", equalTo((int) cycle2023));
    }

    @Test
    void listFiltersAndPages() {
        String a = Fixtures.draft(dept, cycle, null).jsonPath().getString("id");
        long other = Fixtures.cycle(2021, OffsetDateTime.now().plusDays(30));
        Fixtures.submittedFiling(dept, other);
        given().auth().oauth2(Tokens.filer(dept)).queryParam("fiscalYear", 2020).get("/api/v1/filings").then().statusCode(200)
                .body("items.id", contains(a)).body("totalItems", equalTo(1));
        given().auth().oauth2(Tokens.filer(dept)).queryParam("status", "SUBMITTED").get("/api/v1/filings").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].fiscalYear", equalTo(2021));
        given().auth().oauth2(Tokens.filer(dept)).queryParam("size", 1).queryParam("page", 1).get("/api/v1/filings").then().statusCode(200)
                .body("items", hasSize(1)).body("totalItems", equalTo(2)).body("totalPages", equalTo(2));
        given().auth().oauth2(Tokens.reviewer()).queryParam("departmentCode", dept).queryParam("cycleId", other)
                .get("/api/v1/filings").then().statusCode(200).body("items", hasSize(1));
        given().auth().oauth2(Tokens.filer(dept)).queryParam("size", 101).get("/api/v1/filings").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.filer(dept)).queryParam("status", "SENT").get("/api/v1/filings").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        given().auth().oauth2(Tokens.filer(dept)).queryParam("fiscalYear", "二〇二〇").get("/api/v1/filings").then().statusCode(400)
                .body("errors.field", hasItem("fiscalYear"));
    }
}
