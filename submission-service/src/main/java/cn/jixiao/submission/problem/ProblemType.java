package cn.jixiao.submission.problem;

/**
 * The kinds of problem this service answers with, each with its status and its title in the
 * two languages our users read.
 */
public enum ProblemType {
    BAD_REQUEST(400, "bad-request", "请求格式错误", "Malformed request"),
    INVALID_INPUT(400, "invalid-input", "请求数据不合法", "Invalid input"),
    UNAUTHORIZED(401, "unauthorized", "未认证或令牌无效", "Authentication required"),
    FORBIDDEN(403, "forbidden", "无权执行此操作", "Forbidden"),
    NOT_FOUND(404, "not-found", "资源不存在", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "不支持该请求方法", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "无法提供所请求的格式", "Not acceptable"),
    CONFLICT(409, "conflict", "与当前状态冲突", "Conflict"),
    DEADLINE_PASSED(409, "deadline-passed", "已超过评价批次的截止时间", "Deadline passed"),
    IDEMPOTENCY_IN_FLIGHT(409, "idempotency-key-in-flight", "相同幂等键的请求正在处理", "Request with this Idempotency-Key is in progress"),
    PRECONDITION_FAILED(412, "precondition-failed", "数据已被他人修改，请刷新后重试", "The resource has changed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "请求体超过 1 MiB", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "不支持的内容类型", "Unsupported media type"),
    VALIDATION_FAILED(422, "validation", "数据校验未通过", "Validation failed"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "幂等键已用于另一个请求", "Idempotency-Key reused with another request"),
    PRECONDITION_REQUIRED(428, "precondition-required", "缺少 If-Match 请求头", "If-Match required"),
    DEPENDENCY_UNAVAILABLE(503, "dependency-unavailable", "依赖的服务暂不可用，请稍后重试", "A service this request needs is unavailable"),
    SERVICE_BUSY(503, "busy", "服务繁忙，请稍后重试", "Busy; retry later"),
    INTERNAL(500, "internal", "服务器内部错误", "Internal error");

    private static final String BASE = "https://jixiao.cn/problems/";

    public final int status;
    private final String slug;
    private final String zh;
    private final String en;

    ProblemType(int status, String slug, String zh, String en) {
        this.status = status;
        this.slug = slug;
        this.zh = zh;
        this.en = en;
    }

    public String uri() {
        return BASE + slug;
    }

    public String title(Language language) {
        return language == Language.EN ? en : zh;
    }
}
