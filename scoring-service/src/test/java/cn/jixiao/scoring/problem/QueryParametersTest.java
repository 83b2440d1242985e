package cn.jixiao.scoring.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cn.jixiao.scoring.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A typed query parameter of the wrong kind is a 400 naming it, not a 404 or a silent misreading. */
@QuarkusTest
class QueryParametersTest {

    @Test
    void numbersIdsAndYesNoOfTheWrongKindAre400sNamingTheParameter() {
        String[][] cases = {
                {"/api/v1/evaluations?fiscalYear=abc", "fiscalYear"},
                {"/api/v1/evaluations?page=x", "page"},
                {"/api/v1/evaluations?size=1.5", "size"},
                {"/api/v1/evaluations?filingId=not-an-id", "filingId"},
                // any yes/no but true was read as false: the unofficial evaluations listed instead
                {"/api/v1/evaluations?official=yes", "official"},
                {"/api/v1/rubrics/department-overall/versions/1/diff?against=two", "against"},
        };
        for (String[] c : cases) {
            given().auth().oauth2(Tokens.reviewer()).header("Accept-Language", "en").get(c[0]).then().log().ifValidationFails().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://jixiao.cn/problems/invalid-input"))
                    .body("errors[0].field", equalTo(c[1]))
                    .body("errors[0].code", equalTo("invalid-value"))
                    .body("detail", containsString("Query parameter " + c[1] + "="));
        }
        // an integer too large to be one here is out of range, not "not an integer"
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations?fiscalYear=99999999999").then().statusCode(400)
                .body("errors[0].field", equalTo("fiscalYear")).body("errors[0].code", equalTo("out-of-range"));
    }

    @Test
    void wellFormedAndEmptyValuesStillRead() {
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations?fiscalYear=2020&official=TRUE&page=0&size=5").then().statusCode(200);
        // an empty value is no value, as it was: the default where there is one
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations?fiscalYear=&official=&size=").then().statusCode(200)
                .body("size", equalTo(20));
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations?filingId=00000000-0000-0000-0000-000000000000").then().statusCode(200)
                .body("totalItems", equalTo(0));
    }

    @Test
    void aPathThatCannotNameAResourceStays404() {
        given().auth().oauth2(Tokens.reviewer()).get("/api/v1/evaluations/not-an-id").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
