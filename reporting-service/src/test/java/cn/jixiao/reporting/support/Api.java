package cn.jixiao.reporting.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Reads reports as exact JSON trees (decimals stay BigDecimal with their scale). */
public final class Api {

    private Api() {
    }

    public static JsonNode json(String path, String token) {
        String body = given().auth().oauth2(token).accept("application/json").get(path).then().statusCode(200)
                .contentType("application/json").extract().asString();
        return parse(body);
    }

    public static JsonNode parse(String body) {
        try {
            return Messages.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    /** The decimal at a field, null when JSON null. */
    public static BigDecimal dec(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.decimalValue();
    }
}
