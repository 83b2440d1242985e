package cn.jixiao.submission.problem;

import cn.jixiao.submission.json.BoundedDecimal;
import cn.jixiao.submission.json.BoundedTimestamp;
import cn.jixiao.submission.json.StorableText;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into problem details. Client errors name their fields; anything
 * unexpected becomes a 500 whose body carries only an incident id, never a stack trace or SQL.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        Problem body = ProblemResponses.problem(e, lang, path(uri));
        Response.ResponseBuilder builder = ProblemResponses.builder(e.type, body.detail(), body.instance(), body.errors(), lang);
        e.headers.forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response queryParameter(QueryParameters.Invalid e, HttpHeaders headers, UriInfo uri) {
        return api(e.problem, headers, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        return unauthenticated(headers, uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
        return unauthenticated(headers, uri);
    }

    private Response unauthenticated(HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        return ProblemResponses.builder(ProblemType.UNAUTHORIZED,
                        Text.of("请提供有效的 Bearer 令牌", "A valid bearer token is required").in(lang), path(uri), List.of(), lang)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        return ProblemResponses.of(ProblemType.FORBIDDEN,
                Text.of("您的角色无权执行此操作", "Your role does not allow this operation").in(lang), path(uri), lang);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        return ProblemResponses.of(ProblemType.NOT_FOUND, Text.of("请求的资源不存在", "No such resource").in(lang), path(uri), lang);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        Response.ResponseBuilder builder = ProblemResponses.builder(ProblemType.METHOD_NOT_ALLOWED,
                Text.of("该资源不支持此请求方法", "This resource does not support the method").in(lang), path(uri), List.of(), lang);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        return ProblemResponses.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                Text.of("请求体必须是 application/json", "The request body must be application/json").in(lang), path(uri), lang);
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        return ProblemResponses.of(ProblemType.NOT_ACCEPTABLE,
                Text.of("不支持所请求的响应格式", "The requested response format is not offered").in(lang), path(uri), lang);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpHeaders headers, UriInfo uri, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, headers, uri, request);
        }
        // the JSON reader wraps what it cannot read in a bare 400; the cause names the field
        if (e.getCause() instanceof JsonMappingException m) {
            return jsonMapping(m, headers, uri);
        }
        if (e.getCause() instanceof JsonParseException p) {
            return jsonParse(p, headers, uri);
        }
        Language lang = language(headers);
        ProblemType type = switch (status) {
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemType.BAD_REQUEST;
        };
        return ProblemResponses.of(type, type.title(lang), path(uri), lang);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        List<Problem.FieldViolation> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            String field = fieldOf(v);
            // "$" is the body itself, missing: said as such, not as Bean Validation's "must not be null"
            errors.add("$".equals(field)
                    ? new Problem.FieldViolation(field, "required", Text.of("缺少请求体（JSON）", "A JSON request body is required").in(lang))
                    : new Problem.FieldViolation(field, "constraint", v.getMessage()));
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        return ProblemResponses.builder(ProblemType.INVALID_INPUT,
                Text.of("请求数据有 " + errors.size() + " 处不合法", errors.size() + " invalid field(s)").in(lang),
                path(uri), errors, lang).build();
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        String field = jsonPath(e);
        return fieldProblem(field, "unknown-field",
                Text.of("未知字段 " + field, "Unknown field " + field), headers, uri, lang);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        String field = jsonPath(e);
        Text expected = expected(e.getTargetType());
        return fieldProblem(field, "invalid-value",
                Text.of("字段 " + field + " 的值应为" + expected.zh(), "Field " + field + " must be " + expected.en()),
                headers, uri, lang);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        if (e.getPath().isEmpty() && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            // FAIL_ON_TRAILING_TOKENS (JsonConfig) has no exception type of its own: its message
            // is Jackson's; ProblemDetailsTest's trailing-document case fails should it change
            return notJson(e.getLocation(), Text.of("JSON 值之后还有内容", "text follows the JSON value"), uri, lang);
        }
        String field = jsonPath(e);
        return fieldProblem(field, "invalid-type",
                Text.of("字段 " + field + " 的类型不正确", "Field " + field + " has the wrong type"), headers, uri, lang);
    }

    @ServerExceptionMapper
    public Response unstorableText(StorableText.UnstorableTextException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        String field = jsonPath(e);
        String code = e.reason == StorableText.Reason.NUL ? "unsupported-character" : "invalid-unicode";
        return fieldProblem(field, code,
                Text.of("字段 " + field + " 中有无法保存的" + e.reason.zh, "Field " + field + " holds " + e.reason.en + ", which cannot be stored"),
                headers, uri, lang);
    }

    @ServerExceptionMapper
    public Response decimalOutOfRange(BoundedDecimal.OutOfRangeException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        String field = jsonPath(e);
        int n = BoundedDecimal.MAX_DIGITS;
        return fieldProblem(field, "out-of-range",
                Text.of("字段 " + field + " 的数值超出范围：小数点前后最多各 " + n + " 位",
                        "Field " + field + " is out of range: at most " + n + " digits before and " + n + " after the decimal point"),
                headers, uri, lang);
    }

    @ServerExceptionMapper
    public Response timestampOutOfRange(BoundedTimestamp.OutOfRangeException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        String field = jsonPath(e);
        return fieldProblem(field, "out-of-range", Text.of(
                "字段 " + field + " 的时间超出范围：年份（UTC）须在 " + BoundedTimestamp.MIN_YEAR + " 至 " + BoundedTimestamp.MAX_YEAR + " 之间",
                "Field " + field + " is out of range: the year (UTC) must be " + BoundedTimestamp.MIN_YEAR + " to " + BoundedTimestamp.MAX_YEAR),
                headers, uri, lang);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, HttpHeaders headers, UriInfo uri) {
        if (e.getCause() instanceof JsonParseException p) {
            // a body cut short (JsonEOFException) or broken inside a value: where, not which field
            return jsonParse(p, headers, uri);
        }
        Language lang = language(headers);
        String field = jsonPath(e);
        if (e.getCause() instanceof InputCoercionException) {
            return fieldProblem(field, "out-of-range",
                    Text.of("字段 " + field + " 的整数超出范围", "Field " + field + " is an integer out of range"), headers, uri, lang);
        }
        return fieldProblem(field, "invalid-value",
                Text.of("字段 " + field + " 的值不合法", "Field " + field + " has an invalid value"), headers, uri, lang);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, HttpHeaders headers, UriInfo uri) {
        Language lang = language(headers);
        JsonParser parser = e.getProcessor();
        if (parser != null && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            // STRICT_DUPLICATE_DETECTION (JsonConfig), whose message is Jackson's like the
            // trailing document's: the repeated key, named by its path
            String field = pathOf(parser.getParsingContext());
            return fieldProblem(field, "duplicate-key",
                    Text.of("字段 " + field + " 重复出现", "Field " + field + " is given more than once"), headers, uri, lang);
        }
        return notJson(e.getLocation(), null, uri, lang);
    }

    private static Response notJson(JsonLocation at, Text what, UriInfo uri, Language lang) {
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        String zh = what == null ? "" : "：" + what.zh();
        String en = what == null ? "" : ": " + what.en();
        return ProblemResponses.of(ProblemType.BAD_REQUEST,
                Text.of("请求体不是合法的 JSON" + zh + where, "The request body is not valid JSON" + en + where).in(lang), path(uri), lang);
    }

    /** "$.content.basicInfo.contactName" for the parser's place in the document. */
    private static String pathOf(JsonStreamContext context) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        return "$" + String.join("", parts);
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, HttpHeaders headers, UriInfo uri, HttpServerRequest request) {
        if (e instanceof ApiException api) {
            return api(api, headers, uri);
        }
        if (!request.isEnded() && request.response().closed() && connectionClosed(e)) {
            // the client left before its body arrived, so the method never ran: nothing was done,
            // no one is left to answer, and it is not an incident of ours (a call of ours to
            // another service failing the same way comes after the body, and stays an incident)
            LOG.debugf(e, "The client closed the connection before its request body arrived: %s", path(uri));
            Language lang = language(headers);
            return ProblemResponses.of(ProblemType.BAD_REQUEST, Text.of("请求未完整送达：客户端已断开连接",
                    "The request did not arrive whole: the client closed the connection").in(lang), path(uri), lang);
        }
        String nul = parameterHoldingNul(uri);
        if (nul != null) {
            // the database refuses U+0000 in any text, and a parameter is read as it was sent: the
            // failure is the request's (kept in sync with the other services' mappers)
            LOG.debugf(e, "Parameter %s held U+0000: %s", nul, path(uri));
            Language lang = language(headers);
            Text message = Text.of("参数 " + nul + " 含有空字符 U+0000，请去掉后重试", "parameter " + nul + " holds the character U+0000, which no value here may contain; remove it and retry");
            return ProblemResponses.builder(ProblemType.INVALID_INPUT, message.in(lang), path(uri),
                    List.of(new Problem.FieldViolation(nul, "unsupported-character", message.in(lang))), lang).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled failure, incident %s", incident);
        Language lang = language(headers);
        return ProblemResponses.of(ProblemType.INTERNAL,
                Text.of("服务器内部错误，事件编号 " + incident, "Internal error, incident " + incident).in(lang), path(uri), lang);
    }

    /** The name of the first query or path parameter whose value (or name) holds U+0000, or null. */
    private static String parameterHoldingNul(UriInfo uri) {
        if (uri == null) {
            return null;
        }
        for (var params : List.of(uri.getQueryParameters(), uri.getPathParameters())) {
            for (var p : params.entrySet()) {
                boolean nul = p.getKey().indexOf('\0') >= 0 || p.getValue().stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0);
                if (nul) {
                    return p.getKey().indexOf('\0') >= 0 ? "query" : p.getKey();
                }
            }
        }
        return null;
    }

    private static boolean connectionClosed(Throwable e) {
        // a bounded walk: a cause chain can loop
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private Response fieldProblem(String field, String code, Text message, HttpHeaders headers, UriInfo uri, Language lang) {
        return ProblemResponses.builder(ProblemType.INVALID_INPUT, message.in(lang), path(uri),
                List.of(new Problem.FieldViolation(field, code, message.in(lang))), lang).build();
    }

    static Language language(HttpHeaders headers) {
        return Language.fromAcceptLanguage(headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    /** "$.finance[0].income.total" from Jackson's reference chain. */
    static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** "$.name" from a bean-validation property path such as "create.request.name". */
    private static String fieldOf(ConstraintViolation<?> v) {
        String parameter = requestParameter(v);
        if (parameter != null) {
            return parameter;
        }
        List<Path.Node> nodes = new ArrayList<>();
        v.getPropertyPath().forEach(nodes::add);
        if (nodes.size() == 2 && nodes.get(0).getKind() == ElementKind.METHOD && nodes.get(1).getKind() == ElementKind.PARAMETER) {
            return "$"; // the body itself (no body at all): not the Java parameter's name
        }
        // a null element of a list ("List<@NotNull X>") ends in the container's "<list element>" node
        String p = v.getPropertyPath().toString().replaceAll("\\.<[a-z ]+>", "");
        String[] parts = p.split("\\.");
        // method-parameter paths start with "<method>.<parameter>"; the body's own fields follow
        int skip = parts.length > 2 ? 2 : parts.length - 1;
        StringBuilder sb = new StringBuilder("$");
        for (int i = skip; i < parts.length; i++) {
            sb.append('.').append(parts[i]);
        }
        return sb.toString().replace(".[", "[");
    }

    /**
     * The name of the query, path or header parameter a violation is about, as the client wrote
     * it ({@code size}, not {@code $.size}, which would name a body field); null for the body.
     * (Kept in step with the other services' mappers.)
     */
    private static String requestParameter(ConstraintViolation<?> v) {
        List<Path.Node> nodes = new ArrayList<>();
        v.getPropertyPath().forEach(nodes::add);
        if (nodes.size() != 2 || nodes.get(0).getKind() != ElementKind.METHOD || nodes.get(1).getKind() != ElementKind.PARAMETER) {
            return null;
        }
        Class<?>[] types = nodes.get(0).as(Path.MethodNode.class).getParameterTypes().toArray(Class<?>[]::new);
        int index = nodes.get(1).as(Path.ParameterNode.class).getParameterIndex();
        // the resource class or, behind an interceptor's generated subclass, the class it extends
        for (Class<?> c = v.getRootBeanClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                for (Annotation a : c.getDeclaredMethod(nodes.get(0).getName(), types).getParameterAnnotations()[index]) {
                    if (a instanceof QueryParam q) {
                        return q.value();
                    } else if (a instanceof PathParam q) {
                        return q.value();
                    } else if (a instanceof HeaderParam q) {
                        return q.value();
                    }
                }
            } catch (NoSuchMethodException e) {
                // declared further up
            }
        }
        return null;
    }

    /**
     * What a value of a type must be, in the words of the people who fill the forms, not Java's
     * type names ("Integer", "OffsetDateTime"). (Kept in step with the other services' mappers.)
     */
    private static Text expected(Class<?> type) {
        if (type == null) {
            return Text.of("合法的值", "a valid value");
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return Text.of("整数", "an integer");
        }
        if (Number.class.isAssignableFrom(type)) {
            return Text.of("数值", "a number");
        }
        if (type == Boolean.class || type == boolean.class) {
            return Text.of(" true 或 false", "true or false");
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return Text.of("带时区的 ISO 8601 日期时间（如 2021-03-31T23:59:59+08:00）",
                    "an ISO 8601 date-time with its offset, such as 2021-03-31T23:59:59+08:00");
        }
        if (type == UUID.class) {
            return Text.of(" UUID", "a UUID");
        }
        if (type.isEnum()) {
            String allowed = java.util.Arrays.toString(type.getEnumConstants());
            return Text.of(allowed + " 之一", "one of " + allowed);
        }
        return Text.of(type.getSimpleName(), "a valid " + type.getSimpleName());
    }
}
