package cn.jixiao.scoring.rubric;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.config.ExpressionConfiguration;
import com.ezylang.evalex.data.DataAccessorIfc;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.parser.ASTNode;
import com.ezylang.evalex.parser.ParseException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
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

    /**
     * {@link #CONFIG} with variables held by their exact name. A rewritten formula spells each
     * field's variable exactly as it is bound ({@link #variable}), so the case-insensitive tree
     * EvalEx keeps by default only costs comparisons.
     */
    private static final ExpressionConfiguration BOUND = CONFIG.toBuilder().dataAccessorSupplier(ExactNames::new).build();

    private static final Pattern IDENTIFIER = Pattern.compile(
            "(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)(\\s*\\()?");

    private final String text;
    private final List<String> fields;
    /** The EvalEx variable each field is bound to, by the field's position in {@link #fields}. */
    private final String[] variables;
    /** How a missing field is named in the reason ("label（path）"), by position. */
    private final String[] missingNames;
    /** Parsed once: evaluating a rubric reuses the syntax tree instead of parsing each time. */
    private final ASTNode ast;
    /**
     * The formula's text cut once into literal pieces and field names, so the arithmetic of an
     * explanation is built by concatenation rather than a regex pass per evaluation.
     */
    private final List<Segment> segments;

    /** A piece of the formula's text: literal, or the field at {@code field} of {@link #fields}, shown by its value. */
    private record Segment(String text, int field) {
        static final int LITERAL = -1;
    }

    private Formula(String text, List<String> fields, ASTNode ast) {
        this.text = text;
        this.fields = fields;
        this.ast = ast;
        this.variables = fields.stream().map(Formula::variable).toArray(String[]::new);
        this.missingNames = fields.stream().map(f -> FilingFields.label(f) + "（" + f + "）").toArray(String[]::new);
        this.segments = segments(text, fields);
    }

    private static List<Segment> segments(String text, List<String> fields) {
        List<Segment> out = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(new Segment(text.substring(last, m.start()), Segment.LITERAL));
            }
            int field = m.group(2) == null ? fields.indexOf(m.group(1)) : Segment.LITERAL;
            out.add(new Segment(field != Segment.LITERAL ? m.group(1) : m.group(0), field));
            last = m.end();
        }
        if (last < text.length()) {
            out.add(new Segment(text.substring(last), Segment.LITERAL));
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
                fields.add(FilingFields.known(name));
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
        return new Formula(text, List.copyOf(fields), ast);
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
        return evaluate(values, new Scope());
    }

    /** As {@link #evaluate(Function)}, binding the values in a scope shared with other formulas. */
    public Outcome evaluate(Function<String, Optional<Object>> values, Scope scope) {
        Object[] read = new Object[variables.length];
        Map<String, Object> inputs = new LinkedHashMap<>();
        StringBuilder missing = null;
        for (int i = 0; i < read.length; i++) {
            String f = fields.get(i);
            Optional<Object> v = values.apply(f);
            if (v.isPresent()) {
                read[i] = v.get();
                inputs.put(f, read[i]);
            } else {
                missing = missing == null ? new StringBuilder("缺少数据：") : missing.append('、');
                missing.append(missingNames[i]);
            }
        }
        if (missing != null) {
            return Outcome.notComputable(inputs, "missing-data", missing.toString(), missingFields(read));
        }
        for (int i = 0; i < read.length; i++) {
            scope.variables.setData(variables[i], bound(read[i]));
        }
        try {
            EvaluationValue value = scope.expression.evaluateSubtree(ast);
            Object result = value.isBooleanValue() ? (Object) value.getBooleanValue()
                    : value.isNumberValue() ? value.getNumberValue() : value.getValue();
            if (result instanceof BigDecimal d && !holdable(d)) {
                return Outcome.notComputable(inputs, "out-of-range", "公式结果 " + substituted(read) + " 超出范围，无法计算", List.of());
            }
            return new Outcome(result, inputs, null, null, List.of(), substituted(read));
        } catch (EvaluationException ex) {
            if (ex.getMessage() != null && ex.getMessage().contains("Division by zero")) {
                return Outcome.notComputable(inputs, "zero-denominator", "分母为零：" + substituted(read) + " 无法计算", List.of());
            }
            return Outcome.notComputable(inputs, "evaluation-error", "公式无法计算：" + substituted(read) + "，" + why(ex.getMessage()), List.of());
        } catch (ArithmeticException ex) {
            // 0 ÷ 0 reaches BigDecimal itself ("Division undefined")
            if (ex.getMessage() != null && ex.getMessage().startsWith("Division")) {
                return Outcome.notComputable(inputs, "zero-denominator", "分母为零：" + substituted(read) + " 无法计算", List.of());
            }
            return Outcome.notComputable(inputs, "evaluation-error", "公式无法计算：" + substituted(read) + "，" + why(ex.getMessage()), List.of());
        } catch (RuntimeException ex) {
            // what EvalEx lets through from BigDecimal: a literal beyond its exponent range, the NaN of
            // a negative number to a fractional power; one filing's data, or a rubric's, never fails
            // the scoring: the indicator is not computable and says why
            return Outcome.notComputable(inputs, "evaluation-error", "公式无法计算：" + substituted(read)
                    + " 没有有限的数值结果（如负数开平方、数字超出范围）", List.of());
        }
    }

    /**
     * Why EvalEx or BigDecimal could not compute, in the words of the explanation (Chinese, as the
     * rest of it): their messages are English and were shown as they were.
     */
    static String why(String message) {
        String m = message == null ? "" : message;
        if (m.contains("must not be negative")) {
            return "参数不能为负数（如负数开平方）";
        }
        if (m.contains("Overflow") || m.contains("Underflow") || m.contains("exponent")) {
            return "数字超出可计算的范围";
        }
        if (m.contains("Unsupported data types")) {
            return "数据类型不能参与此运算（如把是/否当作数字）";
        }
        return "运算没有有效结果";
    }

    /**
     * Whether a formula's number is one a rubric can go on with: no more than 20 digits before the
     * point and a scale a rate's rounding can reach without building a power of ten of millions of
     * digits. A result beyond that is no rate, amount or count a filing holds.
     */
    static boolean holdable(BigDecimal d) {
        return d.signum() == 0 || (d.precision() - d.scale() <= 20 && d.scale() <= 100);
    }

    /** Longest formula a rubric may hold: a standard's formula is a line; a longer one only deepens EvalEx's recursion. */
    public static final int MAX_LENGTH = 1000;

    /**
     * The functions a rubric formula may call: exact and deterministic. Random numbers, dates and
     * clock readings would score a filing differently at each run (a re-run must give the same
     * result), and FACT of a large number runs for minutes.
     */
    public static final Set<String> FUNCTIONS = Set.of("ABS", "AVERAGE", "CEILING", "COALESCE", "FLOOR", "IF", "MAX", "MIN", "NOT",
            "ROUND", "SQRT", "SUM");

    /**
     * What an author must change in a formula that parses: a function outside {@link #FUNCTIONS},
     * a number literal no filing's figure could be. Checked when a draft is saved, not by
     * {@link #parse}, which also reads published versions, whatever rules they were saved under.
     *
     * @return the problem, or null
     */
    public FormulaException authoringProblem() {
        java.util.ArrayDeque<ASTNode> todo = new java.util.ArrayDeque<>();
        todo.push(ast);
        while (!todo.isEmpty()) {
            ASTNode node = todo.pop();
            com.ezylang.evalex.parser.Token t = node.getToken();
            if (t.getType() == com.ezylang.evalex.parser.Token.TokenType.FUNCTION
                    && !FUNCTIONS.contains(t.getValue().toUpperCase(java.util.Locale.ROOT))) {
                return new FormulaException(FormulaException.Kind.SYNTAX, t.getValue(),
                        "评分公式不能使用函数 " + t.getValue() + "（可用：" + String.join("、", new java.util.TreeSet<>(FUNCTIONS)) + "）",
                        "a rubric formula cannot call " + t.getValue() + " (available: " + String.join(", ", new java.util.TreeSet<>(FUNCTIONS)) + ")");
            }
            if (t.getType() == com.ezylang.evalex.parser.Token.TokenType.NUMBER_LITERAL && !holdableLiteral(t.getValue())) {
                return new FormulaException(FormulaException.Kind.SYNTAX, t.getValue(),
                        "数字 " + t.getValue() + " 超出范围（整数部分最多 20 位）", "the number " + t.getValue() + " is out of range (at most 20 digits before the point)");
            }
            node.getParameters().forEach(todo::push);
        }
        return null;
    }

    /** What a formula gives: a number, a yes/no, or (for a few functions) either. */
    public enum ResultType { NUMBER, YES_NO, EITHER }

    private static final Set<String> COMPARISONS = Set.of("<", "<=", ">", ">=", "=", "==", "!=", "<>", "&&", "||");

    /** The kind of value the formula gives, read from its syntax tree's root (a rule needs one or the other). */
    public ResultType resultType() {
        return typeOf(ast);
    }

    private static ResultType typeOf(ASTNode node) {
        com.ezylang.evalex.parser.Token t = node.getToken();
        String v = t.getValue().toUpperCase(java.util.Locale.ROOT);
        return switch (t.getType()) {
            case NUMBER_LITERAL -> ResultType.NUMBER;
            case INFIX_OPERATOR -> COMPARISONS.contains(v) ? ResultType.YES_NO : ResultType.NUMBER;
            case PREFIX_OPERATOR -> v.equals("!") ? ResultType.YES_NO : ResultType.NUMBER;
            case VARIABLE_OR_CONSTANT -> v.equals("TRUE") || v.equals("FALSE") || v.contains("__CHECKLIST__") ? ResultType.YES_NO
                    : v.equals("NULL") ? ResultType.EITHER : ResultType.NUMBER;
            case FUNCTION -> switch (v) {
                case "NOT" -> ResultType.YES_NO;
                case "IF" -> node.getParameters().size() == 3 && typeOf(node.getParameters().get(1)) == typeOf(node.getParameters().get(2))
                        ? typeOf(node.getParameters().get(1)) : ResultType.EITHER;
                case "COALESCE" -> ResultType.EITHER;
                default -> ResultType.NUMBER;
            };
            default -> ResultType.EITHER;
        };
    }

    private static boolean holdableLiteral(String text) {
        try {
            return holdable(new BigDecimal(text));
        } catch (NumberFormatException e) {
            // hexadecimal literals EvalEx reads itself; anything else BigDecimal refuses is out of range
            return text.regionMatches(true, 0, "0x", 0, 2) && text.length() <= 18;
        }
    }

    private List<String> missingFields(Object[] read) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < read.length; i++) {
            if (read[i] == null) {
                missing.add(fields.get(i));
            }
        }
        return missing;
    }

    /**
     * A filing's value as EvalEx holds it. Numbers and yes/no are wrapped here exactly as EvalEx's
     * own converter would wrap them (no rounding), which spares its search through every converter.
     */
    private static EvaluationValue bound(Object value) {
        if (value instanceof BigDecimal d) {
            return EvaluationValue.numberValue(d);
        }
        if (value instanceof Boolean b) {
            return EvaluationValue.booleanValue(b);
        }
        return EvaluationValue.of(value, BOUND);
    }

    /** The formula with each field replaced by its value: the arithmetic, for the explanation. */
    private String substituted(Object[] read) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Segment segment : segments) {
            Object v = segment.field() == Segment.LITERAL ? null : read[segment.field()];
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

    /**
     * Where formulas evaluated one after another on one thread (the formulas of one filing) bind
     * their variables: one EvalEx expression for all of them, since setting one up copies EvalEx's
     * constants each time. A formula binds every variable it reads before it is evaluated, so what
     * an earlier formula bound never changes its result. Not for use by two threads at once.
     */
    public static final class Scope {

        // only its variables and configuration are used: each formula evaluates its own syntax tree
        private final Expression expression = new Expression("", BOUND);
        /*
         * Bound directly rather than through Expression.with, which first looks the name up among
         * EvalEx's constants: a field's variable ("f__…") is never named like one of them.
         */
        private final DataAccessorIfc variables = expression.getDataAccessor();
    }

    /** EvalEx variables by exact name. */
    private static final class ExactNames implements DataAccessorIfc {

        private final Map<String, EvaluationValue> values = new HashMap<>();

        @Override
        public EvaluationValue getData(String variable) {
            return values.get(variable);
        }

        @Override
        public void setData(String variable, EvaluationValue value) {
            values.put(variable, value);
        }
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
