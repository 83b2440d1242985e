package cn.jixiao.scoring.filing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.jixiao.scoring.rubric.FilingFields;
import cn.jixiao.scoring.support.KeptContract;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our client of submission-service against its kept contract (docs/openapi/submission-service.yaml):
 * every operation we call exists with the method and query parameters we use, every property our
 * client reads is in the response schema, and every filing field a rubric formula may name is in
 * FilingContent or FinanceTotals. A breaking change there fails this build.
 */
class SubmissionContractTest {

    static KeptContract contract;

    @BeforeAll
    static void load() throws IOException {
        contract = KeptContract.of("submission-service");
    }

    static List<Method> operations() {
        List<Method> ops = new ArrayList<>();
        for (Method m : SubmissionApi.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(GET.class)) {
                ops.add(m);
            }
        }
        return ops;
    }

    static String path(Method m) {
        return SubmissionApi.class.getAnnotation(Path.class).value() + m.getAnnotation(Path.class).value();
    }

    @Test
    void everyOperationWeCallExistsWithItsQueryParameters() {
        assertEquals(6, operations().size());
        for (Method m : operations()) {
            JsonNode op = contract.path("paths").path(path(m)).path("get");
            assertFalse(op.isMissingNode(), "GET " + path(m) + " is not in submission-service's contract");
            assertTrue(op.path("responses").has("200"), "GET " + path(m) + " has no 200 response");
            for (var p : m.getParameters()) {
                QueryParam q = p.getAnnotation(QueryParam.class);
                if (q != null) {
                    boolean declared = false;
                    for (JsonNode param : op.path("parameters")) {
                        declared |= q.value().equals(param.path("name").asText()) && "query".equals(param.path("in").asText());
                    }
                    assertTrue(declared, "GET " + path(m) + " has no query parameter " + q.value());
                }
            }
        }
    }

    @Test
    void everyPropertyOurClientReadsIsInTheResponseSchema() {
        for (Method m : operations()) {
            JsonNode schema = contract.path("paths").path(path(m)).path("get").path("responses").path("200")
                    .path("content").path("application/json").path("schema");
            Type type = m.getGenericReturnType();
            if (type instanceof ParameterizedType pt && pt.getRawType() == List.class) {
                assertEquals("array", schema.path("type").asText(), path(m) + " should answer an array");
                checkRecord((Class<?>) pt.getActualTypeArguments()[0], contract.resolve(schema.path("items")), path(m) + "[]");
            } else {
                checkRecord((Class<?>) type, contract.resolve(schema), path(m));
            }
        }
    }

    private static void checkRecord(Class<?> type, JsonNode schema, String where) {
        assertTrue(type.isRecord(), type + " is not a record");
        JsonNode properties = schema.path("properties");
        for (RecordComponent c : type.getRecordComponents()) {
            JsonNode property = properties.path(c.getName());
            if (property.isMissingNode()) {
                fail(where + ": our client reads " + type.getSimpleName() + "." + c.getName() + " but the contract's schema has no such property");
            }
            Type generic = c.getGenericType();
            if (generic instanceof ParameterizedType pt && pt.getRawType() == List.class
                    && pt.getActualTypeArguments()[0] instanceof Class<?> item && item.isRecord()) {
                checkRecord(item, contract.resolve(property.path("items")), where + "." + c.getName() + "[]");
            }
        }
    }

    @Test
    void everyFieldARubricFormulaMayNameIsInTheFilingSchema() {
        JsonNode content = contract.schema("FilingContent");
        JsonNode totals = contract.schema("FinanceTotals");
        for (String field : FilingFields.all().keySet()) {
            String path = field.startsWith(FilingFields.PRIOR_YEAR) ? field.substring(FilingFields.PRIOR_YEAR.length()) : field;
            JsonNode node = path.startsWith("financeTotals.") ? totals : content;
            String rest = path.startsWith("financeTotals.") ? path.substring("financeTotals.".length()) : path;
            for (String part : rest.split("\\.")) {
                JsonNode next = contract.resolve(node).path("properties").path(part);
                if (next.isMissingNode()) {
                    fail("rubric field " + field + " has no '" + part + "' in submission-service's contract");
                }
                node = next;
            }
            String type = contract.resolve(node).path("type").asText();
            assertTrue(type.equals("number") || type.equals("integer") || type.equals("boolean"), field + " is " + type + ", not a number or boolean");
        }
    }

    @Test
    void theRevisionCarriesFilingContentAndFinanceTotals() {
        JsonNode revision = contract.schema("Revision").path("properties");
        assertEquals("#/components/schemas/FilingContent", revision.path("content").path("$ref").asText());
        assertEquals("#/components/schemas/FinanceTotals", revision.path("financeTotals").path("$ref").asText());
        JsonNode self = contract.schema("SelfScore").path("properties");
        for (String p : List.of("indicatorCode", "score", "deductionReason", "notApplicable")) {
            assertTrue(self.has(p), "SelfScore." + p);
        }
        assertTrue(contract.schema("SelfEvaluation").path("properties").has("totalScore"));
    }
}
