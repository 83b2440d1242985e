package cn.jixiao.reporting.evaluation;

import static cn.jixiao.reporting.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.reporting.problem.ApiResponses.INVALID;
import static cn.jixiao.reporting.problem.ApiResponses.PROBLEM;
import static cn.jixiao.reporting.problem.ApiResponses.TOO_LARGE;
import static cn.jixiao.reporting.problem.ApiResponses.UNAUTHORIZED;
import static cn.jixiao.reporting.problem.ApiResponses.UNSUPPORTED;

import cn.jixiao.reporting.evaluation.ReadModel.Outcome;
import cn.jixiao.reporting.problem.ApiException;
import cn.jixiao.reporting.problem.Language;
import cn.jixiao.reporting.problem.Problem;
import cn.jixiao.reporting.problem.ProblemMappers;
import cn.jixiao.reporting.problem.ProblemResponses;
import cn.jixiao.reporting.problem.ProblemType;
import cn.jixiao.reporting.problem.Text;
import cn.jixiao.reporting.security.Caller;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/api/v1/reports/evaluations")
@Tag(name = "Inbox", description = "Messages from scoring-service")
@RolesAllowed(Caller.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EvaluationInboxResource {

    private static final Logger LOG = Logger.getLogger(EvaluationInboxResource.class);

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    /**
     * Reads a batch as the single endpoint reads one message: decimals keep their scale (5.00
     * stays 5.00) and a key given twice takes its last value instead of refusing the whole batch.
     */
    private ObjectReader batchReader;

    @PostConstruct
    void batchReader() {
        batchReader = mapper.reader().without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .without(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** What the inbox did with a message. */
    @Schema(name = "Receipt")
    public record Receipt(UUID messageId,
            @Schema(description = "APPLIED: the department's result changed; SUPERSEDED: kept, a newer filing revision counts; "
                    + "NOT_OFFICIAL: kept for comparison, never aggregated; STALE: an older version of an evaluation already held; "
                    + "DUPLICATE: this messageId was received before") Outcome outcome) {
    }

    @POST
    @Operation(summary = "Receive an EvaluationCompleted message",
            description = "Service accounts only. At least once, in any order: idempotent by messageId; per department, fiscal year "
                    + "and cycle the official evaluation of the newest filing revision counts, in its highest evaluationVersion. "
                    + "The result and every aggregate are updated in the same transaction before the answer.")
    @APIResponse(responseCode = "200", description = "Received (also a redelivery); the outcome says what it changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Receipt.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The reports are being rebuilt; deliver again after Retry-After seconds",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Receipt receive(@Valid @NotNull EvaluationMessage message) {
        ApiException invalid = invalid(message, "$");
        if (invalid != null) {
            throw invalid;
        }
        return new Receipt(message.messageId(), inbox.receive(message));
    }

    /** The batch as scoring-service posts it. */
    @Schema(name = "EvaluationBatch")
    public record EvaluationBatch(
            @NotNull @Size(min = 1, max = MAX_BATCH) List<EvaluationMessage> messages) {
    }

    public static final int MAX_BATCH = 100;

    /** What became of one message of a batch. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "DeliveryOutcome")
    public record DeliveryOutcome(
            @Schema(description = "The message's messageId, when it has a readable one") UUID messageId,
            @Schema(description = "200 received (the outcome says what it changed); 400 refused for good; 503 deliver again later "
                    + "(the reports are being rebuilt); 500 deliver again later (an incident of ours)", examples = "200") int status,
            @Schema(description = "With status 200: what the message changed, as the single endpoint's Receipt says") Outcome outcome,
            @Schema(description = "With any other status: why the message was not received; a refused field is named by its path in the batch")
            Problem problem) {
    }

    /** One outcome per message, in the order sent. */
    @Schema(name = "DeliveryReceipt")
    public record DeliveryReceipt(List<DeliveryOutcome> outcomes) {
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Receive a batch of EvaluationCompleted messages",
            description = "Service accounts only: scoring-service's outbox delivers up to " + MAX_BATCH + " messages at a time here. "
                    + "Every message is answered on its own, in the order sent, and checked exactly as the single endpoint checks it "
                    + "(the problem names a field by its path in the batch, `$.messages[i]…`). The valid ones are received in one "
                    + "transaction with the results and aggregates they change, with the outcomes and reports that receiving them one "
                    + "by one in this order would give (a messageId repeated in the batch is a DUPLICATE). While the reports are being "
                    + "rebuilt every valid message is answered 503. The whole request is refused only when the envelope is: no "
                    + "messages, or more than " + MAX_BATCH + ".")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EvaluationBatch.class)))
    @APIResponse(responseCode = "200", description = "One outcome per message",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryReceipt.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, an unknown field beside `messages`, or no messages / more than "
            + MAX_BATCH + "; `errors` names the field", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = UNSUPPORTED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public DeliveryReceipt receiveBatch(String body, @Context HttpHeaders headers, @Context UriInfo uri) throws IOException {
        Language lang = Language.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        String instance = uri.getRequestUri().getRawPath();
        List<JsonNode> nodes = envelope(body);
        DeliveryOutcome[] outcomes = new DeliveryOutcome[nodes.size()];
        List<EvaluationMessage> valid = new ArrayList<>();
        List<Integer> validAt = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "$.messages[" + i + "]";
            ApiException invalid;
            EvaluationMessage m = null;
            try {
                m = read(nodes.get(i), at);
                invalid = invalid(m, at);
            } catch (ApiException e) {
                invalid = e;
            }
            if (invalid != null) {
                outcomes[i] = new DeliveryOutcome(messageIdOf(nodes.get(i)), invalid.type.status, null,
                        ProblemResponses.problem(invalid, lang, instance));
            } else {
                valid.add(m);
                validAt.add(i);
            }
        }
        if (!valid.isEmpty()) {
            List<Inbox.Delivery> deliveries = inbox.receiveAll(valid);
            for (int k = 0; k < valid.size(); k++) {
                outcomes[validAt.get(k)] = outcome(valid.get(k), deliveries.get(k), lang, instance);
            }
        }
        return new DeliveryReceipt(List.of(outcomes));
    }

    /** The batch's messages; the whole request is refused only here. */
    private List<JsonNode> envelope(String body) throws IOException {
        JsonNode root;
        try {
            root = batchReader.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            // nested too deep or a number too long: Jackson's limits, not a parse error, but the client's all the same
            throw ApiException.invalid("$", "json-limits", Text.of("请求体超出 JSON 嵌套深度或数字长度的限制",
                    "The body exceeds the JSON nesting depth or number length limits"));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw ApiException.invalid("$.messages", "required", Text.of("不能为空", "must not be null"));
        }
        if (!root.isObject()) {
            throw ApiException.invalid("$", "invalid-type", Text.of("请求体须为对象", "The body must be an object"));
        }
        var names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!"messages".equals(name)) {
                throw ApiException.invalid("$." + name, "unknown-field", Text.of("未知字段 $." + name, "Unknown field $." + name));
            }
        }
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            throw ApiException.invalid("$.messages", "required", Text.of("不能为空", "must not be null"));
        }
        if (!messages.isArray()) {
            throw ApiException.invalid("$.messages", "invalid-type", Text.of("字段 $.messages 的类型不正确", "Field $.messages has the wrong type"));
        }
        if (messages.isEmpty() || messages.size() > MAX_BATCH) {
            throw ApiException.invalid("$.messages", "size", Text.of("须有 1 到 " + MAX_BATCH + " 条消息", "size must be between 1 and " + MAX_BATCH));
        }
        List<JsonNode> nodes = new ArrayList<>(messages.size());
        messages.forEach(nodes::add);
        return nodes;
    }

    /** One message read and checked as the single endpoint's body is, its fields named under {@code at}. */
    private EvaluationMessage read(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            throw ApiException.invalid(at, "constraint", Text.of("不能为空", "must not be null"));
        }
        EvaluationMessage m;
        try {
            m = mapper.treeToValue(node, EvaluationMessage.class);
        } catch (JsonMappingException e) {
            throw ProblemMappers.unreadable(e, at);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(at, "invalid-value", Text.of("消息无法读取", "The message cannot be read"));
        }
        Set<ConstraintViolation<EvaluationMessage>> violations = validator.validate(m);
        if (!violations.isEmpty()) {
            List<ApiException.Violation> v = new ArrayList<>();
            for (ConstraintViolation<EvaluationMessage> c : violations) {
                String field = (at + "." + c.getPropertyPath()).replace(".[", "[");
                v.add(new ApiException.Violation(field, "constraint", Text.of(c.getMessage(), c.getMessage())));
            }
            v.sort(Comparator.comparing(ApiException.Violation::field));
            throw new ApiException(ProblemType.INVALID_INPUT,
                    Text.of("请求数据有 " + v.size() + " 处不合法", v.size() + " invalid field(s)"), v);
        }
        return m;
    }

    /** The checks beyond the message's constraints, shared by both endpoints; null when the message passes. */
    private static ApiException invalid(EvaluationMessage message, String at) {
        List<ApiException.Violation> violations = new ArrayList<>();
        if (message.messageId() == null) {
            violations.add(new ApiException.Violation(at + ".messageId", "required", Text.of("不能为空", "must not be null")));
        }
        if (message.type() == null) {
            violations.add(new ApiException.Violation(at + ".type", "required", Text.of("不能为空", "must not be null")));
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < message.indicators().size(); i++) {
            if (!codes.add(message.indicators().get(i).code())) {
                violations.add(new ApiException.Violation(at + ".indicators[" + i + "].code", "duplicate",
                        Text.of("指标编码重复", "duplicate indicator code")));
            }
        }
        if (violations.isEmpty()) {
            return null;
        }
        return new ApiException(ProblemType.INVALID_INPUT,
                Text.of("请求数据有 " + violations.size() + " 处不合法", violations.size() + " invalid field(s)"), violations);
    }

    private static UUID messageIdOf(JsonNode node) {
        JsonNode id = node == null ? null : node.get("messageId");
        if (id == null || !id.isTextual()) {
            return null;
        }
        try {
            return UUID.fromString(id.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static DeliveryOutcome outcome(EvaluationMessage m, Inbox.Delivery d, Language lang, String instance) {
        if (d.outcome() != null) {
            return new DeliveryOutcome(m.messageId(), 200, d.outcome(), null);
        }
        if (d.failure() instanceof ApiException e) {
            return new DeliveryOutcome(m.messageId(), e.type.status, null, ProblemResponses.problem(e, lang, instance));
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(d.failure(), "Message %s of a batch not received, incident %s", m.messageId(), incident);
        ApiException internal = new ApiException(ProblemType.INTERNAL,
                Text.of("服务器内部错误，事件编号 " + incident, "Internal error, incident " + incident));
        return new DeliveryOutcome(m.messageId(), 500, null, ProblemResponses.problem(internal, lang, instance));
    }
}
