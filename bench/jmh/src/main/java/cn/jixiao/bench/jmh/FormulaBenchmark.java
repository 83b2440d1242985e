package cn.jixiao.bench.jmh;

import cn.jixiao.scoring.rubric.Formula;
import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.parser.ParseException;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Evidence for the proposed fix of target 3 (docs/performance.md): one formula of the default
 * rubric evaluated with scoring-service's EvalEx configuration, parsed on every call (as
 * {@code Formula.evaluate} does today) and from a syntax tree parsed once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FormulaBenchmark {

    static final String TEXT = "ABS(v_adjustment) / v_initial * 100";

    Expression parsedOnce;
    final BigDecimal adjustment = new BigDecimal("12.50");
    final BigDecimal initial = new BigDecimal("300.00");

    @Setup
    public void setUp() throws ParseException {
        parsedOnce = new Expression(TEXT, Formula.CONFIG);
        parsedOnce.getAbstractSyntaxTree();
    }

    @Benchmark
    public EvaluationValue parsedOnEveryCall() throws EvaluationException, ParseException {
        return new Expression(TEXT, Formula.CONFIG).with("v_adjustment", adjustment).with("v_initial", initial).evaluate();
    }

    @Benchmark
    public EvaluationValue sharedSyntaxTree() throws EvaluationException, ParseException {
        return parsedOnce.copy().with("v_adjustment", adjustment).with("v_initial", initial).evaluate();
    }
}
