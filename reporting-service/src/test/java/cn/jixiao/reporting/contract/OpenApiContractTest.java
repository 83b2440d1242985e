package cn.jixiao.reporting.contract;

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

    static final Path KEPT = Path.of("..", "docs", "openapi", "reporting-service.yaml");

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
                "docs/openapi/reporting-service.yaml differs from the code: review the change and run ./mvnw test -Dopenapi.update=true");
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblemDetails() {
        String yaml = given().queryParam("format", "yaml").get("/q/openapi").then().extract().asString();
        assertTrue(yaml.contains("application/problem+json"));
        assertTrue(yaml.contains("\"401\":"), "401 documented");
        assertTrue(yaml.contains("\"404\":"), "404 documented");
        assertTrue(yaml.contains("\"406\":"), "406 documented");
        assertTrue(yaml.contains("\"413\":"), "413 documented");
        assertTrue(yaml.contains("\"415\":"), "415 documented");
        assertTrue(yaml.contains("\"503\":"), "503 documented");
        assertTrue(yaml.contains("text/csv"), "CSV offered");
        assertTrue(yaml.contains("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), "XLSX offered");
    }
}
