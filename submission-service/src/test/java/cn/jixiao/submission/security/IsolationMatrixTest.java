package cn.jixiao.submission.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every filing endpoint × {own department, other department, missing id} × every role: a
 * filer never reads or changes another department's filing, and the answer for another
 * department's filing is byte-for-byte the answer for one that does not exist.
 */
@QuarkusTest
class IsolationMatrixTest {

    @OidcWireMock
    WireMockServer wiremock;

    record Endpoint(String method, String path, String body) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/filings/{id}", null),
            new Endpoint("PUT", "/api/v1/filings/{id}", "{\"content\":{}}"),
            new Endpoint("GET", "/api/v1/filings/{id}/validation", null),
            new Endpoint("POST", "/api/v1/filings/{id}/submit", null),
            new Endpoint("POST", "/api/v1/filings/{id}/return", "{\"reason\":\"r\"}"),
            new Endpoint("POST", "/api/v1/filings/{id}/accept", null),
            new Endpoint("POST", "/api/v1/filings/{id}/reopen", "{\"until\":\"2099-01-01T00:00:00+08:00\"}"),
            new Endpoint("GET", "/api/v1/filings/{id}/revisions", null),
            new Endpoint("GET", "/api/v1/filings/{id}/revisions/1", null),
            new Endpoint("GET", "/api/v1/filings/{id}/history", null));

    @Test
    void noCrossDepartmentReadOrWrite() {
        Fixtures.stubScoring(wiremock);
        long cycle = Fixtures.openCycle();
        String mine = Fixtures.department();
        String theirs = Fixtures.department();
        String theirFiling = Fixtures.submittedFiling(theirs, cycle);
        String theirSha = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/" + theirFiling).then()
                .extract().jsonPath().getString("contentSha256");
        String theirHistory = given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/" + theirFiling + "/history").then()
                .extract().asString();

        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("filer(own)", Tokens.filer(mine));
        roles.put("viewer", Tokens.viewer());
        roles.put("integration", Tokens.integration(theirs));

        List<String> failures = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            String missing = UUID.randomUUID().toString();
            // a filer of another department: exactly the answer for a missing id
            Response other = call(e, theirFiling, Tokens.filer(mine));
            Response none = call(e, missing, Tokens.filer(mine));
            if (other.statusCode() != none.statusCode() || (other.statusCode() != 404 && other.statusCode() != 403)) {
                failures.add(e + " other=" + other.statusCode() + " missing=" + none.statusCode());
            } else if (!other.asString().replace(theirFiling, "ID").replace("/1", "").equals(none.asString().replace(missing, "ID").replace("/1", ""))) {
                failures.add(e + " bodies differ: " + other.asString() + " vs " + none.asString());
            }
            // roles that never see filings
            for (String role : List.of("viewer", "integration")) {
                int status = call(e, theirFiling, roles.get(role)).statusCode();
                if (status != 403) {
                    failures.add(e + " " + role + " got " + status);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        // nothing changed on their filing
        assertEquals(theirSha, given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/" + theirFiling).then()
                .extract().jsonPath().getString("contentSha256"));
        assertEquals(theirHistory, given().auth().oauth2(Tokens.reviewer()).get("/api/v1/filings/" + theirFiling + "/history").then()
                .extract().asString());
    }

    @Test
    void ownDepartmentAndBureauRolesSeeWhatTheirRoleAllows() {
        Fixtures.stubScoring(wiremock);
        long cycle = Fixtures.openCycle();
        String dept = Fixtures.department();
        String id = Fixtures.submittedFiling(dept, cycle);
        for (String token : List.of(Tokens.filer(dept), Tokens.reviewer(), Tokens.admin(), Tokens.service())) {
            given().auth().oauth2(token).get("/api/v1/filings/" + id).then().statusCode(200);
            given().auth().oauth2(token).get("/api/v1/filings/" + id + "/revisions/1").then().statusCode(200);
            given().auth().oauth2(token).get("/api/v1/filings/" + id + "/history").then().statusCode(200);
            given().auth().oauth2(token).get("/api/v1/filings/" + id + "/validation").then().statusCode(200);
        }
        // reviewers, admins and services cannot edit or submit a department's filing
        for (String token : List.of(Tokens.reviewer(), Tokens.admin(), Tokens.service())) {
            given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"0\"").body("{\"content\":{}}")
                    .put("/api/v1/filings/" + id).then().statusCode(403);
        }
        // filers and admins cannot return or accept
        for (String token : List.of(Tokens.filer(dept), Tokens.admin())) {
            given().auth().oauth2(token).header("If-Match", "\"0\"").post("/api/v1/filings/" + id + "/accept").then().statusCode(403);
        }
    }

    @Test
    void listsNeverLeakAndAQueryCannotOverrideTheToken() {
        Fixtures.stubScoring(wiremock);
        long cycle = Fixtures.openCycle();
        String mine = Fixtures.department();
        String theirs = Fixtures.department();
        Fixtures.submittedFiling(theirs, cycle);
        Fixtures.draft(mine, cycle, null);
        given().auth().oauth2(Tokens.filer(mine)).get("/api/v1/filings").then().statusCode(200)
                .body("items.departmentCode", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(mine)));
        given().auth().oauth2(Tokens.filer(mine)).queryParam("departmentCode", theirs).get("/api/v1/filings").then()
                .statusCode(200).body("totalItems", org.hamcrest.Matchers.equalTo(0));
        given().auth().oauth2(Tokens.reviewer()).queryParam("departmentCode", theirs).get("/api/v1/filings").then()
                .statusCode(200).body("totalItems", org.hamcrest.Matchers.equalTo(1));
        // a token without a department claim sees nothing
        given().auth().oauth2(Tokens.token("nodept", List.of("filer"), Map.of())).get("/api/v1/filings").then()
                .statusCode(200).body("totalItems", org.hamcrest.Matchers.equalTo(0));
    }

    private static Response call(Endpoint e, String id, String token) {
        var spec = given().auth().oauth2(token).header("If-Match", "\"0\"");
        if (e.body() != null) {
            spec = spec.contentType(ContentType.JSON).body(e.body());
        }
        return spec.request(e.method(), e.path().replace("{id}", id)).then().extract().response();
    }
}
