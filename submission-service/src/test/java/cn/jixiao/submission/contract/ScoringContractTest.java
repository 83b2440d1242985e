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
 * exist, the rubric answer has what RubricCatalog walks, and the evaluation batch takes what our
 * FilingSubmitted message carries and answers each message by its id. A breaking change there fails this build.
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
    void theVersionsOfARubricAreListedAndAMissingRubricIsA404() {
        JsonNode get = operation("/api/v1/rubrics/{code}/versions", "get");
        assertTrue(get.path("responses").has("404"), "no such rubric is a 404 (RubricCatalog names $.rubricCode then)");
        JsonNode list = resolve(get.path("responses").path("200").path("content").path("application/json").path("schema"));
        assertEquals("array", list.path("type").asText());
        assertTrue(resolve(list.path("items")).path("properties").has("version"), "RubricVersionSummary.version is what RubricCatalog lists");
    }

    @Test
    void theBatchTakesOurFilingSubmittedMessagesAndAnswersEachByItsId() {
        JsonNode post = operation("/api/v1/evaluations/batch", "post");
        JsonNode batch = resolve(post.path("requestBody").path("content").path("application/json").path("schema"));
        JsonNode messages = batch.path("properties").path("messages");
        assertEquals("array", messages.path("type").asText(), "SubmittedFilings.messages");
        JsonNode message = resolve(messages.path("items"));
        for (String p : List.of("messageId", "filingId", "revision", "rubricCode", "rubricVersion", "cycleId", "departmentCode",
                "fiscalYear", "contentSha256", "departmentName", "departmentGroup", "content", "financeTotals", "priorYearIncluded",
                "priorYear", "requestId")) {
            assertTrue(message.path("properties").has(p), "SubmittedFiling." + p + " is sent by our outbox");
        }
        JsonNode prior = resolve(message.path("properties").path("priorYear"));
        for (String p : List.of("filingId", "revision", "contentSha256", "content", "financeTotals")) {
            assertTrue(prior.path("properties").has(p), "PriorYearFiling." + p + " is sent by our outbox");
        }
        assertTrue(message.path("required").isMissingNode() || message.path("required").isEmpty(),
                "scoring checks each message itself, so one bad message cannot fail the batch");
        JsonNode receipt = resolve(post.path("responses").path("200").path("content").path("application/json").path("schema"));
        JsonNode outcome = resolve(receipt.path("properties").path("outcomes").path("items"));
        for (String p : List.of("messageId", "status", "problem")) {
            assertTrue(outcome.path("properties").has(p), "DeliveryOutcome." + p + " is what the outbox settles each message by");
        }
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
