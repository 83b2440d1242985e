package cn.jixiao.reporting.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.reporting.evaluation.EvaluationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Our client of scoring-service ({@link ScoringApi}) and the evaluation we read must agree with
 * the contract scoring-service keeps in docs/openapi/scoring-service.yaml: the operation, its
 * query parameters, the page and every property our reader needs, with a compatible type.
 */
class ScoringContractTest {

    static final java.nio.file.Path CONTRACT = java.nio.file.Path.of("..", "docs", "openapi", "scoring-service.yaml");

    static JsonNode contract() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(CONTRACT));
    }

    @Test
    void theEvaluationListWeCallIsInTheContract() throws Exception {
        Method method = ScoringApi.class.getMethod("evaluations", boolean.class, int.class, int.class);
        String path = ScoringApi.class.getAnnotation(Path.class).value() + method.getAnnotation(Path.class).value();
        assertTrue(method.isAnnotationPresent(GET.class));
        JsonNode operation = contract().path("paths").path(path).path("get");
        assertTrue(operation.isObject(), "scoring-service offers GET " + path);
        Set<String> offered = new HashSet<>();
        operation.path("parameters").forEach(p -> offered.add(p.path("in").asText() + ":" + p.path("name").asText()));
        for (Parameter p : method.getParameters()) {
            String name = p.getAnnotation(QueryParam.class).value();
            assertTrue(offered.contains("query:" + name), "query parameter " + name + " is in the contract: " + offered);
        }
        String ref = operation.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText();
        JsonNode page = schema(ref);
        for (String field : List.of("items", "page", "size", "totalItems", "totalPages")) {
            assertTrue(page.path("properties").has(field), "the page has " + field);
        }
        assertEquals("array", page.path("properties").path("items").path("type").asText());
    }

    @Test
    void everyPropertyWeReadIsListedWithACompatibleType() throws Exception {
        JsonNode page = schema(contract().path("paths").path("/api/v1/evaluations").path("get").path("responses").path("200")
                .path("content").path("application/json").path("schema").path("$ref").asText());
        JsonNode record = schema(page.path("properties").path("items").path("items").path("$ref").asText());
        List<String> problems = new ArrayList<>();
        compare(EvaluationMessage.class, record, "$", problems, Set.of("messageId", "type"));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private void compare(Class<?> type, JsonNode schema, String at, List<String> problems, Set<String> envelope) throws IOException {
        for (RecordComponent c : type.getRecordComponents()) {
            if (envelope.contains(c.getName())) {
                continue;
            }
            JsonNode property = schema.path("properties").path(c.getName());
            if (property.isMissingNode()) {
                problems.add(at + "." + c.getName() + " is not in scoring-service's contract");
                continue;
            }
            Class<?> t = c.getType();
            if (t == List.class) {
                Class<?> element = (Class<?>) ((java.lang.reflect.ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
                compare(element, schema(property.path("items").path("$ref").asText()), at + "." + c.getName() + "[]", problems, Set.of());
            } else if (t.isRecord()) {
                compare(t, schema(property.path("$ref").asText()), at + "." + c.getName(), problems, Set.of());
            } else {
                String expected = t == java.math.BigDecimal.class ? "number"
                        : t == Integer.class || t == Long.class || t == int.class || t == long.class ? "integer"
                        : t == Boolean.class || t == boolean.class ? "boolean" : null;
                String actual = property.has("$ref") ? "ref" : property.path("type").asText();
                if (expected != null && !expected.equals(actual)) {
                    problems.add(at + "." + c.getName() + " is " + actual + " in the contract, we read " + expected);
                }
            }
        }
    }

    private static JsonNode schema(String ref) throws IOException {
        assertTrue(ref.startsWith("#/components/schemas/"), "a schema reference: " + ref);
        return contract().path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
    }
}
