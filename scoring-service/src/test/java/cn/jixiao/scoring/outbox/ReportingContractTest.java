package cn.jixiao.scoring.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.evaluation.EvaluationApi.EvaluationRecord;
import cn.jixiao.scoring.support.KeptContract;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our client of reporting-service ({@link ReportingApi}) against the contract reporting-service
 * keeps in docs/openapi/reporting-service.yaml: the batch operation we post to, a batch as large
 * as ours, every property reporting requires of a message present in the EvaluationCompleted we
 * send, and the receipt's fields the dispatcher settles messages by. A breaking change there fails
 * this build.
 */
class ReportingContractTest {

    static KeptContract contract;

    /** What the outbox adds to the evaluation record (Outbox.record). */
    static final Set<String> ENVELOPE = Set.of("messageId", "type", "requestId");

    @BeforeAll
    static void load() throws IOException {
        contract = KeptContract.of("reporting-service");
    }

    static JsonNode operation() throws NoSuchMethodException {
        Method m = ReportingApi.class.getDeclaredMethod("evaluationsCompleted", String.class);
        assertTrue(m.isAnnotationPresent(POST.class));
        assertEquals(MediaType.APPLICATION_JSON, m.getAnnotation(Consumes.class).value()[0], "the joined messages go as JSON");
        String path = ReportingApi.class.getAnnotation(Path.class).value() + m.getAnnotation(Path.class).value();
        JsonNode op = contract.path("paths").path(path).path("post");
        assertFalse(op.isMissingNode(), "POST " + path + " is not in reporting-service's contract");
        return op;
    }

    @Test
    void theBatchWeSendIsWhatReportingTakes() throws Exception {
        JsonNode batch = contract.resolve(operation().path("requestBody").path("content").path("application/json").path("schema"));
        JsonNode messages = batch.path("properties").path("messages");
        assertEquals("array", messages.path("type").asText());
        assertEquals(Set.of("messages"), fieldNames(batch.path("properties")), "the envelope is {\"messages\": […]} alone");
        Properties config = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            config.load(in);
        }
        int ours = Integer.parseInt(config.getProperty("jixiao.outbox.batch-size"));
        assertTrue(messages.path("maxItems").asInt() >= ours, "reporting takes " + messages.path("maxItems") + " messages, we send " + ours);
        JsonNode message = contract.resolve(messages.path("items"));
        List<String> problems = new ArrayList<>();
        requiredPropertiesWeSend(EvaluationRecord.class, message, "$", problems, ENVELOPE);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theReceiptNamesEachMessageWithItsStatus() throws Exception {
        JsonNode ok = operation().path("responses").path("200").path("content").path("application/json").path("schema");
        JsonNode outcomes = contract.resolve(ok).path("properties").path("outcomes");
        assertEquals("array", outcomes.path("type").asText());
        JsonNode outcome = contract.resolve(outcomes.path("items")).path("properties");
        assertTrue(outcome.has("messageId"), "an outcome names its message");
        assertEquals("integer", outcome.path("status").path("type").asText());
        assertEquals("#/components/schemas/Problem", outcome.path("problem").path("$ref").asText());
        assertTrue(contract.schema("Problem").path("properties").has("detail"));
    }

    @Test
    void everyStatusTheDispatcherMeetsIsDeclared() throws Exception {
        JsonNode responses = operation().path("responses");
        for (String status : List.of("200", "400", "401", "403", "413", "415")) {
            assertTrue(responses.has(status), status + " is declared");
        }
    }

    /** Every property the contract requires of {@code schema} is one our record (or the envelope) carries, with a compatible type. */
    private static void requiredPropertiesWeSend(Class<?> type, JsonNode schema, String at, List<String> problems, Set<String> envelope) {
        Map<String, RecordComponent> ours = new HashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            ours.put(c.getName(), c);
        }
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            if (envelope.contains(name)) {
                continue;
            }
            RecordComponent c = ours.get(name);
            if (c == null) {
                problems.add(at + "." + name + " is required by reporting-service but not in " + type.getSimpleName());
                continue;
            }
            JsonNode property = schema.path("properties").path(name);
            if (c.getType() == List.class) {
                Class<?> item = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
                requiredPropertiesWeSend(item, contract.resolve(property.path("items")), at + "." + name + "[]", problems, Set.of());
            } else if (c.getType().isRecord()) {
                requiredPropertiesWeSend(c.getType(), contract.resolve(property), at + "." + name, problems, Set.of());
            } else {
                Class<?> t = c.getType();
                String expected = t == java.math.BigDecimal.class ? "number"
                        : t == Integer.class || t == Long.class || t == int.class || t == long.class ? "integer"
                        : t == Boolean.class || t == boolean.class ? "boolean" : null;
                String actual = contract.resolve(property).path("type").asText();
                if (expected != null && !expected.equals(actual)) {
                    problems.add(at + "." + name + " is " + actual + " in reporting's contract, we send " + expected);
                }
            }
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
