package cn.jixiao.scoring.rubric;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.support.Fixtures;
import cn.jixiao.scoring.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RubricApiTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    DefaultRubricInstaller installer;

    @Inject
    EntityManager em;

    static ObjectNode defaultDefinition() throws Exception {
        return (ObjectNode) Fixtures.JSON.readTree(Fixtures.resource("rubrics/department-overall-v1.json")).get("definition");
    }

    static String newRubric(ObjectNode definition) {
        String code = "test-rubric-" + System.nanoTime() % 100000 + "-" + SEQ.incrementAndGet();
        ObjectNode body = Fixtures.JSON.createObjectNode().put("code", code).put("name", "测试评分表");
        if (definition != null) {
            body.set("definition", definition);
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body.toString())
                .post("/api/v1/rubrics").then().statusCode(201)
                .header("Location", containsString("/api/v1/rubrics/" + code + "/versions/1"))
                .body("status", equalTo("DRAFT")).body("contentHash", nullValue());
        return code;
    }

    @Test
    void theDefaultRubricIsPublishedVersion1AndReadableByServices() {
        given().auth().oauth2(Tokens.service()).get("/api/v1/rubrics/department-overall/versions/1").then().statusCode(200)
                .body("code", equalTo("department-overall"))
                .body("version", equalTo(1))
                .body("status", equalTo("PUBLISHED"))
                .body("contentHash", matchesPattern("[0-9a-f]{64}"))
                .body("notApplicablePolicy.kind", equalTo("FIXED_DEDUCTION"))
                .body("gradeBands.grade", equalTo(java.util.List.of("优", "良", "中", "差")))
                .body("totalPoints", equalTo(100))
                .body("indicators.code", equalTo(java.util.List.of("input", "process", "output", "effect")))
                .body("indicators[0].level", equalTo(1))
                .body("indicators[1].children[1].level", equalTo(2))
                .body("indicators[0].children[0].children[0].code", equalTo("staff-control-rate"))
                .body("indicators[0].children[0].children[0].level", equalTo(3))
                .body("indicators[0].children[0].children[0].points", equalTo(5))
                .body("indicators[0].children[0].children[0].rule.kind", equalTo("RATE_CEILING"))
                .body("indicators[0].children[0].children[0].standard", containsString("财政供养人员控制率"));
    }

    @Test
    void installingTheDefaultRubricAgainChangesNothing() throws Exception {
        String before = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/department-overall/versions/1")
                .then().statusCode(200).extract().path("contentHash");
        assertFalse(installer.install());
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/department-overall/versions").then().statusCode(200)
                .body("version", hasItem(1));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/department-overall/versions/1")
                .then().statusCode(200).body("contentHash", equalTo(before));
        // a version installed before is not checked again: a rule added since (here, a ceiling on a
        // BANDS rule is refused now) must not stop the service from starting over what it holds
        ObjectNode doc = (ObjectNode) Fixtures.JSON.readTree(Fixtures.resource("rubrics/department-overall-v1.json"));
        ((ObjectNode) doc.at("/definition/indicators/0/children/0/children/2/rule")).put("ceiling", 100);
        assertFalse(installer.install(doc, "an older default file"));
        doc.put("code", "older-rules-" + System.nanoTime() % 1_000_000);
        assertThrows(IllegalStateException.class, () -> installer.install(doc, "an older default file"));
    }

    @Test
    void replicasInstallingTheSameRubricAtOnceInstallItOnce() throws Exception {
        ObjectNode doc = (ObjectNode) Fixtures.JSON.readTree(Fixtures.resource("rubrics/department-overall-v1.json"));
        String code = "replicas-" + System.nanoTime() % 1_000_000;
        doc.put("code", code);
        int replicas = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(replicas);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return installer.install(doc, "test");
            }));
        }
        start.countDown();
        int installed = 0;
        for (var r : results) {
            installed += r.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, installed);
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/" + code + "/versions").then().statusCode(200)
                .body("version", equalTo(java.util.List.of(1))).body("status", equalTo(java.util.List.of("PUBLISHED")));
    }

    @Test
    void aDraftIsEditedThenPublishedThenFrozen() throws Exception {
        String code = newRubric(defaultDefinition());
        ObjectNode def = defaultDefinition();
        def.put("name", "测试评分表（修订）");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(200).body("name", equalTo("测试评分表（修订）"));
        String hash = given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).post("/api/v1/rubrics/" + code + "/versions/1/publish").then().statusCode(200)
                .body("status", equalTo("PUBLISHED")).body("publishedBy", equalTo("admin1"))
                .body("contentHash", matchesPattern("[0-9a-f]{64}")).extract().path("contentHash");
        // published means frozen: no edit, no second publish
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("https://jixiao.cn/problems/conflict"));
        given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).post("/api/v1/rubrics/" + code + "/versions/1/publish").then().statusCode(409);
        // nor can SQL change it: the database refuses
        Exception refused = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("UPDATE rubric_version SET definition = '{}'::jsonb WHERE rubric_code = :c AND version = 1")
                        .setParameter("c", code).executeUpdate()));
        assertTrue(String.valueOf(rootMessage(refused)).contains("published rubric version"), rootMessage(refused));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(200)
                .body("contentHash", equalTo(hash)).body("name", equalTo("测试评分表（修订）"));
    }

    @Test
    void aVersionAsReadCanBeSavedBackEdited() throws Exception {
        String code = newRubric(defaultDefinition());
        String url = "/api/v1/rubrics/" + code + "/versions/1";
        ObjectNode read = (ObjectNode) Fixtures.JSON.readTree(
                given().auth().oauth2(Tokens.admin()).get(url).then().statusCode(200).extract().asString());
        JsonNode indicatorsBefore = read.get("indicators");
        read.put("name", "测试评分表（按读取的版本修订）");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(read.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put(url).then().statusCode(200)
                .body("name", equalTo("测试评分表（按读取的版本修订）")).body("version", equalTo(1))
                .body("status", equalTo("DRAFT")).body("createdBy", equalTo("admin1"));
        // the read form's own fields are the server's: claims in them change nothing
        read.put("code", "another-rubric").put("version", 7).put("status", "PUBLISHED").put("contentHash", "0".repeat(64))
                .put("totalPoints", 55).put("createdBy", "mallory").put("publishedBy", "mallory")
                .put("publishedAt", "2020-01-01T00:00:00+08:00");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(read.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put(url).then().statusCode(200)
                .body("code", equalTo(code)).body("version", equalTo(1)).body("status", equalTo("DRAFT"))
                .body("contentHash", nullValue()).body("totalPoints", equalTo(100)).body("createdBy", equalTo("admin1"))
                .body("publishedBy", nullValue()).body("publishedAt", nullValue());
        JsonNode after = Fixtures.JSON.readTree(given().auth().oauth2(Tokens.admin()).get(url).then().statusCode(200).extract().asString());
        assertEquals(indicatorsBefore, after.get("indicators"));
        assertEquals("admin1", after.get("createdBy").asText());
        // a field that is neither content nor the read form's is refused as before
        read.put("colour", 1);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(read.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put(url).then().statusCode(400)
                .body("errors[0].field", equalTo("$.colour")).body("errors[0].code", equalTo("unknown-field"));
    }

    @Test
    void theSameContentHasTheSameHash() throws Exception {
        String code = newRubric(defaultDefinition());
        String hash = given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).post("/api/v1/rubrics/" + code + "/versions/1/publish").then().statusCode(200)
                .extract().path("contentHash");
        String defaultHash = given().auth().oauth2(Tokens.admin()).get("/api/v1/rubrics/department-overall/versions/1").then()
                .extract().path("contentHash");
        assertEquals(defaultHash, hash);
    }

    @Test
    void aFormulaNamingAFieldTheFilingLacksIsRefusedNamingIndicatorAndField() throws Exception {
        String code = newRubric(null);
        ObjectNode def = defaultDefinition();
        ((ObjectNode) def.at("/indicators/0/children/0/children/0/rule")).put("formula", "basicInfo.headcount.actual / basicInfo.headcount.establishment * 100");
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(422)
                .contentType("application/problem+json")
                .header("Content-Language", "en")
                .body("title", equalTo("Validation failed"))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("$.indicators[0].children[0].children[0].rule.formula[0]"))
                .body("errors[0].code", equalTo("unknown-field"))
                .body("errors[0].message", containsString("staff-control-rate"))
                .body("errors[0].message", containsString("basicInfo.headcount.establishment"));
    }

    @Test
    void scoresRoundedBeyondTwoPlacesAreRefusedForTheReportsCarryTwo() throws Exception {
        String code = newRubric(null);
        ObjectNode def = defaultDefinition();
        def.putObject("rounding").put("scale", 3).put("mode", "HALF_UP");
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("$.rounding.scale"))
                .body("errors[0].code", equalTo("out-of-range"));
        def.putObject("rounding").put("scale", 1).put("mode", "HALF_UP");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(200);
    }

    @Test
    void settingsThatWouldFailEveryScoringOrReportAreRefused() throws Exception {
        String code = newRubric(null);
        // grades reporting does not count, a rounding that throws, an indicator that is null
        ObjectNode def = defaultDefinition();
        ((ObjectNode) def.at("/gradeBands/0")).put("grade", "优秀");
        def.putObject("rounding").put("scale", 2).put("mode", "UNNECESSARY");
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("$.gradeBands[0].grade"))
                .body("errors.code", hasItem("unknown-grade"))
                .body("errors.field", hasItem("$.rounding.mode"));
        // a name reporting cannot store would have refused every evaluation of the version, for good
        ObjectNode longName = defaultDefinition();
        ((ObjectNode) longName.at("/indicators/0/children/0/children/0")).put("name", "指".repeat(201));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(longName.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.indicators[0].children[0].children[0].name"));
        ObjectNode withNull = defaultDefinition();
        ((com.fasterxml.jackson.databind.node.ArrayNode) withNull.get("indicators")).addNull();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(withNull.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", containsString("indicators[4]"));
    }

    @Test
    void concurrentCreatesOfOneCodeGiveOneRubricAndConflicts() throws Exception {
        // the look-up finds nothing to lock: racing creates met at the primary key (a 500)
        String code = "race-" + System.nanoTime() % 1_000_000;
        String body = Fixtures.JSON.createObjectNode().put("code", code).put("name", "并发").toString();
        String token = Tokens.admin();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/rubrics").statusCode();
                }));
            }
            go.countDown();
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (var a : answers) {
                statuses.add(a.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, statuses.stream().filter(x -> x == 201).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(x -> x == 409).count(), statuses.toString());
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/rubrics").then().statusCode(409)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("$.code"))
                    .body("errors[0].code", equalTo("duplicate"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFormulaWithBadSyntaxIsRefusedInChineseByDefault() throws Exception {
        String code = newRubric(null);
        ObjectNode def = defaultDefinition();
        ((ObjectNode) def.at("/indicators/1/children/0/children/0/rule")).put("formula", "(baseData.budgetAdjustment / baseData.initialBudget * 100");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(422)
                .header("Content-Language", "zh-CN")
                .body("title", equalTo("数据校验未通过"))
                .body("errors[0].code", equalTo("formula-syntax"))
                .body("errors[0].message", containsString("budget-adjustment-rate"));
    }

    /**
     * A published version scores every filing of its cycles: what would fail there, or score
     * without a word against its standard, is refused when the draft is saved, each at its place.
     */
    @Test
    void aDraftThatWouldMisscoreIsRefusedNamingEachPlace() throws Exception {
        String code = newRubric(null);
        ObjectNode def = defaultDefinition();
        ((com.fasterxml.jackson.databind.node.ArrayNode) def.get("gradeBands")).remove(3); // no 差: a total of 12 was graded 中
        ObjectNode key = (ObjectNode) def.at("/indicators/0/children/0/children/2/rule");
        ((ObjectNode) key.at("/bands/1")).put("maxInclusive", true); // 90 in two bands
        ObjectNode satisfaction = (ObjectNode) def.at("/indicators/3/children/0/children/3/rule");
        ((ObjectNode) satisfaction.at("/bands/0")).put("minInclusive", false); // 95 in none
        ((ObjectNode) satisfaction.at("/bands/1")).put("score", 6); // more than its 5 points
        ((ObjectNode) def.at("/indicators/1/children/1/children/0/rule/items/0")).put("formula", "baseData.fundUseViolations"); // a number, not yes/no
        ((ObjectNode) def.at("/indicators/1/children/0/children/1/rule")).put("formula", "RANDOM() * 10"); // another score each run
        ((ObjectNode) def.at("/indicators/1/children/0/children/3/rule")).put("formula",
                "financeTotals.threePublic.total * 1e10000000000 / baseData.threePublicControlFigure"); // beyond BigDecimal
        ((ObjectNode) def.at("/indicators/1/children/2/children/2/rule")).put("formula", "1+".repeat(600) + "financeTotals.fixedAssets.inUse");
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(422)
                .body("errors.find { it.field == '$.gradeBands' }.code", equalTo("grade-missing"))
                .body("errors.find { it.field == '$.indicators[0].children[0].children[2].rule.bands' }.code", equalTo("band-overlap"))
                .body("errors.find { it.field == '$.indicators[3].children[0].children[3].rule.bands[1].score' }.code", equalTo("out-of-range"))
                .body("errors.find { it.field == '$.indicators[1].children[1].children[0].rule.items[0].formula' }.code", equalTo("formula-type"))
                .body("errors.find { it.field == '$.indicators[1].children[0].children[1].rule.formula[0]' }.message", containsString("RANDOM"))
                .body("errors.find { it.field == '$.indicators[1].children[0].children[3].rule.formula[0]' }.message", containsString("1e10000000000"))
                .body("errors.find { it.field == '$.indicators[1].children[2].children[2].rule.formula[0]' }.code", equalTo("formula-too-long"));
        // the gap alone, once the overlap is mended
        ObjectNode gap = defaultDefinition();
        ((ObjectNode) gap.at("/indicators/3/children/0/children/3/rule/bands/0")).put("minInclusive", false);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(gap.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(422)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("$.indicators[3].children[0].children[3].rule.bands"))
                .body("errors[0].code", equalTo("band-gap"));
        // a score at more places than scores are rounded to would be rounded past its points
        ObjectNode places = defaultDefinition();
        places.putObject("rounding").put("scale", 0).put("mode", "HALF_UP");
        places.putObject("notApplicablePolicy").put("kind", "FIXED_DEDUCTION").put("amount", 0.5);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(places.toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(422)
                .body("errors.field", hasItem("$.notApplicablePolicy.amount"))
                .body("errors.field", hasItem("$.indicators[1].children[0].children[0].rule.bands[3].score"))
                .body("errors.code", hasItem("too-many-decimals"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(defaultDefinition().toString())
                .header("If-Match", Fixtures.rubricETag(code, 1)).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(200);
    }

    /** Grade bands and pro-rating read totals out of 100, and a checklist's items make its points. */
    @Test
    void publishingRefusesATotalOtherThan100AndChecklistItemsThatMissTheirPoints() throws Exception {
        ObjectNode def = defaultDefinition();
        ((ObjectNode) def.at("/indicators/3")).put("points", 15);
        ((ObjectNode) def.at("/indicators/3/children/0")).put("points", 15);
        ((ObjectNode) def.at("/indicators/3/children/0/children/2")).put("points", 0);
        ((ObjectNode) def.at("/indicators/1/children/1/children/0/rule/items/0")).put("points", 0.5);
        String code = newRubric(def);
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").header("If-Match", Fixtures.rubricETag(code, 1)).post("/api/v1/rubrics/" + code + "/versions/1/publish")
                .then().statusCode(422)
                .body("errors.find { it.field == '$.indicators' }.code", equalTo("total-not-100"))
                .body("errors.find { it.field == '$.indicators' }.message", containsString("95"))
                .body("errors.find { it.field == '$.indicators[1].children[1].children[0].rule.items' }.code", equalTo("sum-mismatch"));
    }

    @Test
    void publishingRefusesPointsThatDoNotAddUp() throws Exception {
        ObjectNode def = defaultDefinition();
        ((ObjectNode) def.at("/indicators/0/children/0/children/0")).put("points", 6);
        String code = newRubric(def);
        given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).post("/api/v1/rubrics/" + code + "/versions/1/publish").then().statusCode(422)
                .body("errors.code", hasItem("sum-mismatch"))
                .body("errors.field", hasItem("$.indicators[0].children[0].points"));
    }

    @Test
    void aNewVersionCopiesAndTheDiffNamesWhatChanged() throws Exception {
        String code = newRubric(defaultDefinition());
        given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).post("/api/v1/rubrics/" + code + "/versions/1/publish").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"copyFrom\":1}")
                .post("/api/v1/rubrics/" + code + "/versions").then().statusCode(201)
                .body("version", equalTo(2)).body("status", equalTo("DRAFT"));
        ObjectNode def = defaultDefinition();
        ObjectNode staff = (ObjectNode) def.at("/indicators/0/children/0/children/0");
        staff.put("points", 4);
        ((ObjectNode) staff.get("rule")).put("deductionPerPoint", 1);
        ArrayNode allocation = (ArrayNode) def.at("/indicators/0/children/0/children");
        allocation.remove(1); // three-public-change-rate
        ObjectNode added = allocation.addObject();
        added.put("code", "staff-training").put("name", "人员培训").put("level", 3).put("points", 6).put("standard", "专家评分");
        added.putObject("rule").put("kind", "EXPERT");
        def.putObject("notApplicablePolicy").put("kind", "DROP_AND_PRORATE");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(def.toString())
                .header("If-Match", Fixtures.rubricETag(code, 2)).put("/api/v1/rubrics/" + code + "/versions/2").then().statusCode(200);
        given().auth().oauth2(Tokens.reviewer()).queryParam("against", 1).get("/api/v1/rubrics/" + code + "/versions/2/diff").then().statusCode(200)
                .body("added.code", equalTo(java.util.List.of("staff-training")))
                .body("removed.code", equalTo(java.util.List.of("three-public-change-rate")))
                .body("changed.code", equalTo(java.util.List.of("staff-control-rate")))
                .body("changed[0].changes", equalTo(java.util.List.of("points", "rule")))
                .body("changed[0].pointsBefore", equalTo(5))
                .body("changed[0].pointsAfter", equalTo(4))
                .body("settingsChanged", equalTo(java.util.List.of("notApplicablePolicy")));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/" + code + "/versions").then().statusCode(200)
                .body("version", equalTo(java.util.List.of(1, 2)))
                .body("status", equalTo(java.util.List.of("PUBLISHED", "DRAFT")));
    }

    /**
     * Two admins editing one draft: each save and the publish name the version they read, so the
     * later one is refused instead of overwriting, or publishing, what its author never saw.
     */
    @Test
    void twoAdminsEditingOneDraftNeverOverwriteEachOtherUnseen() throws Exception {
        String code = newRubric(defaultDefinition());
        String url = "/api/v1/rubrics/" + code + "/versions/1";
        String read = given().auth().oauth2(Tokens.admin()).get(url).then().statusCode(200).extract().header("ETag");
        assertEquals("\"0\"", read);
        ObjectNode first = defaultDefinition().put("name", "第一位管理员的修订");
        ObjectNode second = defaultDefinition().put("name", "第二位管理员的修订");
        String saved = given().auth().oauth2(Tokens.admin()).header("If-Match", read).contentType(ContentType.JSON).body(first.toString())
                .put(url).then().statusCode(200).header("ETag", equalTo("\"1\"")).extract().header("ETag");
        // the second admin read the draft before the first saved it
        given().auth().oauth2(Tokens.admin()).header("If-Match", read).contentType(ContentType.JSON).body(second.toString())
                .put(url).then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).header("If-Match", read).post(url + "/publish").then().statusCode(412);
        // without a tag, or with "*", nothing is changed either
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(second.toString()).put(url).then().statusCode(428)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).header("If-Match", "*").contentType(ContentType.JSON).body(second.toString()).put(url)
                .then().statusCode(428);
        given().auth().oauth2(Tokens.admin()).post(url + "/publish").then().statusCode(428);
        given().auth().oauth2(Tokens.admin()).get(url).then().statusCode(200).header("ETag", equalTo(saved))
                .body("name", equalTo("第一位管理员的修订")).body("status", equalTo("DRAFT"));
        // what the first admin saved is what is published, and the tag moves with the publish
        given().auth().oauth2(Tokens.admin()).header("If-Match", saved).post(url + "/publish").then().statusCode(200)
                .header("ETag", equalTo("\"2\"")).body("name", equalTo("第一位管理员的修订"));
        // a new draft starts with its own tag
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"copyFrom\":1}")
                .post("/api/v1/rubrics/" + code + "/versions").then().statusCode(201).header("ETag", equalTo("\"0\""));
    }

    /** Mistakes a save let through, or named as another: each is refused naming its field, alone. */
    @Test
    void rubricMistakesAreEachNamedByTheirFieldAndCode() throws Exception {
        String code = newRubric(defaultDefinition());
        String keyExpenditure = "/indicators/0/children/0/children/2/rule";
        java.util.Map<String, java.util.function.Consumer<ObjectNode>> cases = new java.util.LinkedHashMap<>();
        cases.put("$.notApplicablePolicy.amount negative", d -> ((ObjectNode) d.get("notApplicablePolicy")).put("amount", -2));
        // more than any indicator's points: ZERO under another name, explained as "扣 50 分"
        cases.put("$.notApplicablePolicy.amount out-of-range", d -> ((ObjectNode) d.get("notApplicablePolicy")).put("amount", 50));
        // totals are rounded to two places: no total equals 89.999
        cases.put("$.gradeBands[0].min too-many-decimals", d -> ((ObjectNode) d.at("/gradeBands/0")).put("min", new java.math.BigDecimal("89.999")));
        // one error, not one per score checked against a scale of -1
        cases.put("$.rounding.scale out-of-range", d -> ((ObjectNode) d.get("rounding")).put("scale", -1));
        cases.put("$.indicators[0].children[0].children[2].rule.ceiling not-for-rule", d -> ((ObjectNode) d.at(keyExpenditure)).put("ceiling", 100));
        cases.put("$.indicators[0].children[0].children[2].rule.bands[0] empty-band", d -> {
            ArrayNode bands = ((ObjectNode) d.at(keyExpenditure)).putArray("bands");
            bands.addObject().put("min", 90).put("max", 90).put("score", 5);
        });
        for (var c : cases.entrySet()) {
            ObjectNode def = defaultDefinition();
            c.getValue().accept(def);
            String[] expected = c.getKey().split(" ");
            given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).contentType(ContentType.JSON)
                    .body(def.toString()).put("/api/v1/rubrics/" + code + "/versions/1").then().log().ifValidationFails().statusCode(422)
                    .body("errors", hasSize(1)).body("errors[0].field", equalTo(expected[0])).body("errors[0].code", equalTo(expected[1]));
        }
        // formula alternatives are for a few ways to reach one value, not thousands to try per filing
        ObjectNode many = defaultDefinition();
        ArrayNode alternatives = ((ObjectNode) many.at(keyExpenditure)).putArray("formula");
        for (int i = 0; i < 21; i++) {
            alternatives.add("baseData.keyProjectExpenditure");
        }
        given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).contentType(ContentType.JSON)
                .body(many.toString()).put("/api/v1/rubrics/" + code + "/versions/1").then().statusCode(400)
                .body("errors[0].field", equalTo("$.indicators[0].children[0].children[2].rule.formula"));
    }

    @Test
    void aNewVersionIsCopiedOrGivenNotBoth() throws Exception {
        String code = newRubric(defaultDefinition());
        ObjectNode both = Fixtures.JSON.createObjectNode().put("copyFrom", 1);
        both.set("definition", defaultDefinition());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(both.toString())
                .post("/api/v1/rubrics/" + code + "/versions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.copyFrom")).body("errors[0].code", equalTo("exclusive"));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/" + code + "/versions").then().statusCode(200)
                .body("version", equalTo(java.util.List.of(1)));
    }

    /** A body is one JSON document, whole: nothing after it, no key twice, not cut short; nothing is created. */
    @Test
    void aSecondDocumentARepeatedKeyAndACutBodyAre400sAndNothingIsCreated() throws Exception {
        String code = newRubric(defaultDefinition());
        given().auth().oauth2(Tokens.admin()).header("If-Match", Fixtures.rubricETag(code, 1)).post("/api/v1/rubrics/" + code + "/versions/1/publish").then().statusCode(200);
        String versions = "/api/v1/rubrics/" + code + "/versions";
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body("{\"copyFrom\":1} {\"copyFrom\":1}").post(versions).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("text follows the JSON value")).body("detail", containsString("line 1"));
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body("{\"copyFrom\":1,\"copyFrom\":1}").post(versions).then().statusCode(400)
                .body("errors[0].field", equalTo("$.copyFrom")).body("errors[0].code", equalTo("duplicate-key"));
        given().auth().oauth2(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body("{\"copyFrom\":").post(versions).then().statusCode(400)
                .body("detail", containsString("not valid JSON"));
        given().auth().oauth2(Tokens.reviewer()).get(versions).then().statusCode(200).body("version", equalTo(java.util.List.of(1)));
    }

    @Test
    void onlyAdminsEditRubrics() throws Exception {
        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).body("{\"code\":\"x-rubric\",\"name\":\"x\"}")
                .post("/api/v1/rubrics").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://jixiao.cn/problems/forbidden"));
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(defaultDefinition().toString())
                .header("If-Match", Fixtures.rubricETag("department-overall", 1)).put("/api/v1/rubrics/department-overall/versions/1").then().statusCode(403);
        given().auth().oauth2(Tokens.filer("D1")).header("If-Match", Fixtures.rubricETag("department-overall", 1)).post("/api/v1/rubrics/department-overall/versions/1/publish").then().statusCode(403);
    }

    @Test
    void errorsAreProblemDetails() {
        given().get("/api/v1/rubrics/department-overall/versions/1").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(Tokens.wrongAudience()).get("/api/v1/rubrics").then().statusCode(401);
        given().auth().oauth2(Tokens.expired()).get("/api/v1/rubrics").then().statusCode(401);
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/department-overall/versions/99").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404)).body("instance", equalTo("/api/v1/rubrics/department-overall/versions/99"))
                // in one language: the Chinese detail said "rubric version … 不存在"
                .body("detail", equalTo("评分表版本 department-overall/99 不存在"));
        given().auth().oauth2(Tokens.reviewer()).header("Accept-Language", "en").get("/api/v1/rubrics/department-overall/versions/99").then()
                .statusCode(404).body("detail", equalTo("No rubric version department-overall/99"));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/no-such-thing").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"code\":\"x\",\"name\":\"x\",\"colour\":1}")
                .post("/api/v1/rubrics").then().statusCode(400).body("errors[0].field", equalTo("$.colour"))
                .body("errors[0].code", equalTo("unknown-field"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"code\":\"Bad Code\",\"name\":\"\"}")
                .post("/api/v1/rubrics").then().statusCode(400).body("errors.field", hasItem("$.code"));
        // text PostgreSQL cannot store is refused where the body is read, naming the field (it was a 500)
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"code\":\"nul-name\",\"name\":\"评分\\u0000表\"}")
                .post("/api/v1/rubrics").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.name")).body("errors[0].code", equalTo("unsupported-character"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"code\":\"half-pair\",\"name\":\"评分\\ud800表\"}")
                .post("/api/v1/rubrics").then().statusCode(400)
                .body("errors[0].field", equalTo("$.name")).body("errors[0].code", equalTo("invalid-unicode"));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/nul-name/versions").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{not json")
                .post("/api/v1/rubrics").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.TEXT).body("x")
                .post("/api/v1/rubrics").then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/rubrics/department-overall/versions/1/diff").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"code\":\"x\",\"name\":\"" + "x".repeat(1024 * 1024) + "\"}")
                .post("/api/v1/rubrics").then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/rubrics/department-overall/versions/1").then().statusCode(405)
                .contentType("application/problem+json");
    }

    @Test
    void theListShowsEveryRubricWithItsVersions() {
        given().auth().oauth2(Tokens.filer("D1")).get("/api/v1/rubrics").then().statusCode(200)
                .body("find { it.code == 'department-overall' }.versions[0].status", equalTo("PUBLISHED"))
                .body("find { it.code == 'department-overall' }.name", notNullValue());
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" / ");
        }
        return sb.toString();
    }

}
