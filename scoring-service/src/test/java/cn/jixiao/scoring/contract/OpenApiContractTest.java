package cn.jixiao.scoring.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The contract kept in docs/openapi must be what the code serves. A change of contract shows up
 * in review as a change of that file; regenerate it with {@code ./mvnw test -Dopenapi.update=true}.
 */
@QuarkusTest
class OpenApiContractTest {

    static final Path KEPT = Path.of("..", "docs", "openapi", "scoring-service.yaml");

    @Test
    void keptContractMatchesTheCode() throws IOException {
        String served = given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        String generated = "# Generated from the code by OpenApiContractTest; do not edit by hand.\n" + served;
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(KEPT.getParent());
            Files.writeString(KEPT, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(KEPT), KEPT + " is missing: run ./mvnw test -Dopenapi.update=true");
        assertEquals(Files.readString(KEPT, StandardCharsets.UTF_8), generated,
                "docs/openapi/scoring-service.yaml differs from the code: review the change and run ./mvnw test -Dopenapi.update=true");
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblemDetails() throws IOException {
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        java.util.List<String> missing = new java.util.ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            com.fasterxml.jackson.databind.JsonNode responses = op.getValue().path("responses");
            responses.fields().forEachRemaining(r -> {
                int status = Integer.parseInt(r.getKey());
                if (status >= 400) {
                    if (!r.getValue().path("content").has("application/problem+json")) {
                        missing.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + status);
                    }
                }
            });
            if (!responses.has("401")) {
                missing.add(op.getKey().toUpperCase() + " " + path.getKey() + " 401 undocumented");
            }
        }));
        assertTrue(missing.isEmpty(), "errors not documented as problem details: " + missing);
        assertTrue(json.contains("\"412\""), "412 documented");
        assertTrue(json.contains("\"428\""), "428 documented");
        assertTrue(json.contains("\"422\""), "422 documented");
        assertTrue(json.contains("\"503\""), "503 documented");
    }
}
