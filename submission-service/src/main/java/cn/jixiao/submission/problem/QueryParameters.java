package cn.jixiao.submission.problem;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads typed query parameters (numbers, yes/no, ids, enumerations) so that a value of the wrong kind is a 400
 * naming the parameter. JAX-RS answers a query parameter it cannot convert with a bare 404, as
 * if the resource did not exist, and reads any yes/no other than "true" as false: {@code
 * official=yes} would have listed the unofficial evaluations. Path parameters keep the 404: a
 * path that cannot name a resource names none. (Kept in step with the other services' copies.)
 */
@Provider
public class QueryParameters implements ParamConverterProvider {

    /** A query parameter that is not of its type; passes JAX-RS's parameter handling as it is. */
    public static final class Invalid extends BadRequestException {
        public final transient ApiException problem;

        Invalid(ApiException problem) {
            super(problem.getMessage());
            this.problem = problem;
        }
    }

    private record Kind(Function<String, Object> parse, String zh, String en) {
    }

    private static final Kind INTEGER = new Kind(s -> Integer.valueOf(s.trim()), "整数", "an integer");
    private static final Kind LONG = new Kind(s -> Long.valueOf(s.trim()), "整数", "an integer");
    private static final Kind BOOLEAN = new Kind(QueryParameters::yesNo, "true 或 false", "true or false");
    private static final Kind ID = new Kind(s -> UUID.fromString(s.trim()), "UUID", "a UUID");

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = queryParameterName(annotations);
        Kind kind = name == null ? null : kindOf(rawType);
        if (kind == null) {
            return null;
        }
        boolean primitive = rawType.isPrimitive();
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null || (value.isBlank() && !primitive)) {
                    // an empty value is no value, as for the text parameters
                    return null;
                }
                try {
                    return (T) kind.parse().apply(value);
                } catch (IllegalArgumentException e) {
                    throw invalid(name, value, kind);
                }
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }

    private static Invalid invalid(String name, String value, Kind kind) {
        // the value is echoed at most 100 characters long: it is the client's, not ours to store
        String shown = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        if ((kind == INTEGER || kind == LONG) && value.trim().matches("[+-]?[0-9]+")) {
            // a whole number, only too large (or small) for any page, year or id: said as such, not as
            // "not an integer"
            return new Invalid(ApiException.invalid(name, "out-of-range", Text.of("查询参数 " + name + "=" + shown + " 超出允许的范围",
                    "Query parameter " + name + "=" + shown + " is out of range")));
        }
        Text message = Text.of("查询参数 " + name + "=" + shown + " 不合法，应为" + kind.zh(),
                "Query parameter " + name + "=" + shown + " is not " + kind.en());
        return new Invalid(ApiException.invalid(name, "invalid-value", message));
    }

    private static Kind kindOf(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return INTEGER;
        }
        if (type == Long.class || type == long.class) {
            return LONG;
        }
        if (type == Boolean.class || type == boolean.class) {
            return BOOLEAN;
        }
        if (type.isEnum()) {
            return enumeration(type);
        }
        return type == UUID.class ? ID : null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Kind enumeration(Class<?> type) {
        String allowed = java.util.Arrays.toString(type.getEnumConstants());
        return new Kind(s -> Enum.valueOf((Class) type, s.trim()), allowed + " 之一", "one of " + allowed);
    }

    private static Object yesNo(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not true or false");
        };
    }

    private static String queryParameterName(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam q) {
                    return q.value();
                }
            }
        }
        return null;
    }
}
