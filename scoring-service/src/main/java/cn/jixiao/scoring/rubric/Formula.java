package cn.jixiao.scoring.rubric;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.config.ExpressionConfiguration;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.parser.ASTNode;
import com.ezylang.evalex.parser.ParseException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rubric formula: an EvalEx expression over filing fields named by dotted paths
 * ({@code baseData.initialBudget}). Evaluated in exact decimals (DECIMAL128, 34 significant
 * digits): 10.00 ÷ 100.00 × 100 is exactly 10, never 9.999…; no double ever decides a bound.
 */
public final class Formula {

    /** EvalEx with 34 significant digits and no rounding of intermediate results. */
    public static final ExpressionConfiguration CONFIG = ExpressionConfiguration.builder()
            .mathContext(MathContext.DECIMAL128)
            .stripTrailingZeros(false)
            .structuresAllowed(false)
            .arraysAllowed(false)
            .implicitMultiplicationAllowed(false)
            .build();

    private static final Pattern IDENTIFIER = Pattern.compile(
            "(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)(\\s*\\()?");

    private final String text;
    private final String rewritten;
    private final List<String> fields;
    /** Parsed once: evaluating a rubric reuses the syntax tree instead of parsing each time. */
    private final ASTNode ast;
    /**
     * The formula's text cut once into literal pieces and field names, so the arithmetic of an
     * explanation is built by concatenation rather than a regex pass per evaluation.
     */
    private final List<Segment> segments;

    /** A piece of the formula's text: literal, or the name of a field to show by its value. */
    private record Segment(String text, boolean field) {
    }

    private Formula(String text, String rewritten, List<String> fields, ASTNode ast) {
        this.text = text;
        this.rewritten = rewritten;
        this.fields = fields;
        this.ast = ast;
        this.segments = segments(text, Set.copyOf(fields));
    }

    private static List<Segment> segments(String text, Set<String> fields) {
        List<Segment> out = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(new Segment(text.substring(last, m.start()), false));
            }
            boolean field = m.group(2) == null && fields.contains(m.group(1));
            out.add(new Segment(field ? m.group(1) : m.group(0), field));
            last = m.end();
        }
        if (last < text.length()) {
            out.add(new Segment(text.substring(last), false));
        }
        return List.copyOf(out);
    }

    /**
     * Parses and checks a formula: its syntax, and that every field it names exists.
     *
     * @throws FormulaException naming the first problem found
     */
    public static Formula parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FormulaException(FormulaException.Kind.SYNTAX, null, "公式为空", "the formula is empty");
        }
        Matcher m = IDENTIFIER.matcher(text);
        StringBuilder out = new StringBuilder();
        Set<String> fields = new LinkedHashSet<>();
        while (m.find()) {
            String name = m.group(1);
            boolean call = m.group(2) != null;
            String replacement;
            if (call || ExpressionConfiguration.StandardConstants.containsKey(name.toUpperCase(java.util.Locale.ROOT))) {
                replacement = m.group(0);
            } else if (FilingFields.exists(name)) {
                fields.add(name);
                replacement = variable(name);
            } else {
                throw new FormulaException(FormulaException.Kind.UNKNOWN_FIELD, name,
                        "字段 " + name + " 不存在于填报数据中", "field " + name + " does not exist in the filing");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        String rewritten = out.toString();
        ASTNode ast;
        try {
            Expression e = new Expression(rewritten, CONFIG);
            e.validate();
            ast = e.getAbstractSyntaxTree();
            for (String v : e.getUsedVariables()) {
                if (fields.stream().noneMatch(f -> variable(f).equalsIgnoreCase(v))) {
                    throw new FormulaException(FormulaException.Kind.UNKNOWN_FIELD, v,
                            "字段 " + v + " 不存在于填报数据中", "field " + v + " does not exist in the filing");
                }
            }
        } catch (ParseException e) {
            throw new FormulaException(FormulaException.Kind.SYNTAX, null,
                    "公式语法错误：" + e.getMessage(), "syntax error: " + e.getMessage());
        }
        return new Formula(text, rewritten, List.copyOf(fields), ast);
    }

    public String text() {
        return text;
    }

    /** The field paths this formula reads, in order of first appearance. */
    public List<String> fields() {
        return fields;
    }

    /**
     * Evaluates with the given field values. A field without a value makes the result
     * not computable; so does a zero denominator.
     */
    public Outcome evaluate(Function<String, Optional<Object>> values) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String f : fields) {
            Optional<Object> v = values.apply(f);
            if (v.isPresent()) {
                inputs.put(f, v.get());
            } else {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            return Outcome.notComputable(inputs, "missing-data",
                    "缺少数据：" + String.join("、", missing.stream().map(f -> FilingFields.label(f) + "（" + f + "）").toList()), missing);
        }
        Expression e = new Expression(rewritten, CONFIG);
        inputs.forEach((k, v) -> e.with(variable(k), v));
        try {
            EvaluationValue value = e.evaluateSubtree(ast);
            Object result = value.isBooleanValue() ? (Object) value.getBooleanValue()
                    : value.isNumberValue() ? value.getNumberValue() : value.getValue();
            return new Outcome(result, inputs, null, null, List.of(), substituted(inputs));
        } catch (EvaluationException ex) {
            if (ex.getMessage() != null && ex.getMessage().contains("Division by zero")) {
                return Outcome.notComputable(inputs, "zero-denominator", "分母为零：" + substituted(inputs) + " 无法计算", List.of());
            }
            return Outcome.notComputable(inputs, "evaluation-error", "公式无法计算：" + ex.getMessage(), List.of());
        } catch (ArithmeticException ex) {
            // 0 ÷ 0 reaches BigDecimal itself ("Division undefined")
            if (ex.getMessage() != null && ex.getMessage().startsWith("Division")) {
                return Outcome.notComputable(inputs, "zero-denominator", "分母为零：" + substituted(inputs) + " 无法计算", List.of());
            }
            return Outcome.notComputable(inputs, "evaluation-error", "公式无法计算：" + ex.getMessage(), List.of());
        }
    }

    /** The formula with each field replaced by its value: the arithmetic, for the explanation. */
    private String substituted(Map<String, Object> inputs) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Segment segment : segments) {
            Object v = segment.field() ? inputs.get(segment.text()) : null;
            out.append(v == null ? segment.text() : render(v));
        }
        return out.toString();
    }

    public static String render(Object v) {
        if (v instanceof BigDecimal d) {
            return d.signum() < 0 ? "(" + d.toPlainString() + ")" : d.toPlainString();
        }
        return String.valueOf(v);
    }

    private static String variable(String path) {
        return "f__" + path.replace(".", "__");
    }

    /** The value of a formula, or why it has none. */
    public record Outcome(Object value, Map<String, Object> inputs, String notComputableCode, String notComputableReason,
            List<String> missingFields, String arithmetic) {

        static Outcome notComputable(Map<String, Object> inputs, String code, String reason, List<String> missing) {
            return new Outcome(null, inputs, code, reason, missing, null);
        }

        public boolean computable() {
            return notComputableCode == null;
        }

        public BigDecimal number() {
            if (value instanceof BigDecimal d) {
                return d;
            }
            throw new FormulaException(FormulaException.Kind.TYPE, null, "公式的结果不是数值：" + value, "the formula's result is not a number: " + value);
        }

        public boolean bool() {
            if (value instanceof Boolean b) {
                return b;
            }
            throw new FormulaException(FormulaException.Kind.TYPE, null, "公式的结果不是是/否：" + value, "the formula's result is not true/false: " + value);
        }
    }
}
