package cn.jixiao.submission.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our client of scoring-service (rubric.ScoringApi, used by RubricCatalog and the outbox)
 * against scoring's kept contract, docs/openapi/scoring-service.yaml: the operations we call
 * exist, the rubric answer has what RubricCatalog walks, and the evaluation request takes what
 * our FilingSubmitted message carries. A breaking change there fails this build.
 */
class ScoringContractTest {

    static final Path KEPT = Path.of("..", "docs", "openapi", "scoring-service.yaml");
    static JsonNode contract;

    @BeforeAll
    static void load() throws IOException {
        assertTrue(Files.exists(KEPT), "scoring-service's kept contract is missing: " + KEPT.toAbsolutePath());
        contract = new ObjectMapper(new YAMLFactory()).readTree(KEPT.toFile());
    }

    @Test
    void theRubricVersionWeReadHasStatusAndAnIndicatorTreeWithPoints() {
        JsonNode get = operation("/api/v1/rubrics/{code}/versions/{version}", "get");
        assertTrue(get.path("responses").has("404"), "a missing version is a 404 (RubricCatalog turns it into a 400 naming the field)");
        JsonNode version = resolve(get.path("responses").path("200").path("content").path("application/json").path("schema"));
        assertTrue(version.path("properties").has("status"), "RubricVersion.status");
        JsonNode indicators = version.path("properties").path("indicators");
        assertEquals("array", indicators.path("type").asText());
        JsonNode indicator = resolve(indicators.path("items")).path("properties");
        for (String p : List.of("code", "points", "children")) {
            assertTrue(indicator.has(p), "Indicator." + p + " is what RubricCatalog reads");
        }
        assertEquals("number", indicator.path("points").path("type").asText());
        JsonNode status = resolve(version.path("properties").path("status"));
        assertTrue(status.toString().contains("PUBLISHED"), "status PUBLISHED: " + status);
    }

    @Test
    void theEvaluationRequestTakesOurFilingSubmittedMessage() {
        JsonNode post = operation("/api/v1/evaluations", "post");
        JsonNode request = resolve(post.path("requestBody").path("content").path("application/json").path("schema"));
        for (String p : List.of("filingId", "revision", "rubricCode", "rubricVersion", "messageId")) {
            assertTrue(request.path("properties").has(p), "EvaluationRequest." + p + " is sent by our outbox");
        }
        for (JsonNode required : request.path("required")) {
            assertTrue(List.of("filingId", "revision", "rubricCode", "rubricVersion", "messageId").contains(required.asText()),
                    "scoring requires " + required.asText() + ", which our message does not carry");
        }
        assertTrue(post.path("responses").has("201") && post.path("responses").has("200"),
                "new and repeated deliveries both answer 2xx (the outbox marks them delivered)");
        assertTrue(post.path("responses").has("503"), "an unreachable dependency is a retryable 503");
    }

    static JsonNode operation(String path, String method) {
        JsonNode op = contract.path("paths").path(path).path(method);
        assertFalse(op.isMissingNode(), method.toUpperCase() + " " + path + " is not in scoring-service's contract");
        return op;
    }

    static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return node;
        }
        JsonNode s = contract.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        assertFalse(s.isMissingNode(), "schema " + ref + " missing");
        return s;
    }
}
