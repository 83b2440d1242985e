package cn.jixiao.submission.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the departments, cycles and filings a test needs, through the public API. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Fixtures() {
    }

    /** The scoring-service answers a cycle needs: the default rubric and a service token. */
    public static void stubScoring(WireMockServer wiremock) {
        wiremock.stubFor(get(urlEqualTo("/auth/api/v1/rubrics/department-overall/versions/1"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(resource("rubric-department-overall-v1.json"))));
        wiremock.stubFor(get(urlEqualTo("/auth/api/v1/rubrics/department-overall/versions"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("[{\"version\":1,\"status\":\"PUBLISHED\"},{\"version\":2,\"status\":\"DRAFT\"}]")));
        wiremock.stubFor(get(urlEqualTo("/auth/api/v1/rubrics/nosuch/versions"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":404,\"title\":\"Not found\"}")));
        wiremock.stubFor(get(urlEqualTo("/auth/api/v1/rubrics/draft/versions/1"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":\"draft\",\"version\":1,\"status\":\"DRAFT\",\"indicators\":[]}")));
        wiremock.stubFor(get(urlEqualTo("/auth/api/v1/rubrics/broken/versions/1"))
                .willReturn(aResponse().withStatus(503)));
        wiremock.stubFor(post(urlEqualTo("/auth/realms/quarkus/jixiao-token"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + Tokens.service() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    /** A unique department code, with sub-units CODE-01 and CODE-02. */
    public static String department() {
        String code = "T" + System.nanoTime() % 1_000_000_000L + "-" + SEQ.incrementAndGet();
        code = code.length() > 29 ? code.substring(0, 29) : code;
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"name\":\"测试部门" + code + "\",\"group\":\"教科文卫\",\"subUnits\":["
                        + "{\"code\":\"" + code + "-01\",\"name\":\"局机关\"},{\"code\":\"" + code + "-02\",\"name\":\"县教研室\"}]}")
                .post("/api/v1/departments").then().statusCode(201);
        return code;
    }

    public static long cycle(int year, OffsetDateTime deadline) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + year + "年度部门整体支出绩效自评\",\"fiscalYear\":" + year + ",\"deadline\":\"" + deadline
                        + "\",\"rubricCode\":\"department-overall\",\"rubricVersion\":1}")
                .post("/api/v1/cycles").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static long openCycle() {
        return cycle(2020, OffsetDateTime.now().plusDays(30));
    }

    /** A complete, consistent filing content for the department's sub-units. */
    public static ObjectNode validContent(String department) {
        String text = resource("filing-valid.json").replace("\"D001-0", "\"" + department + "-0");
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a draft with the given content; returns the response (id, ETag). */
    public static Response draft(String department, long cycleId, JsonNode content) {
        ObjectNode body = JSON.createObjectNode();
        body.put("cycleId", cycleId);
        if (content != null) {
            body.set("content", content);
        }
        return given().auth().oauth2(Tokens.filer(department)).contentType(ContentType.JSON).body(body.toString())
                .post("/api/v1/filings").then().statusCode(201).extract().response();
    }

    public static String submittedFiling(String department, long cycleId) {
        Response created = draft(department, cycleId, validContent(department));
        String id = created.jsonPath().getString("id");
        given().auth().oauth2(Tokens.filer(department)).header("If-Match", created.header("ETag"))
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(200);
        return id;
    }

    public static String etag(String filingId, String token) {
        return given().auth().oauth2(token).get("/api/v1/filings/" + filingId).then().statusCode(200).extract().header("ETag");
    }

    public static String resource(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
