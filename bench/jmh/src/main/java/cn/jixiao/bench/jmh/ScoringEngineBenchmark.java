package cn.jixiao.bench.jmh;

import cn.jixiao.scoring.evaluation.EvaluationResult;
import cn.jixiao.scoring.evaluation.FilingData;
import cn.jixiao.scoring.evaluation.ScoringEngine;
import cn.jixiao.scoring.rubric.RubricDefinition;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Target 3 of bench/README.md: the default rubric (department-overall v1, read from
 * scoring-service's own data file) applied to the realistic filing, in-process, one thread.
 * Each invocation builds the filing view the service builds (content and department totals as
 * submission-service serves them) and scores every level-3 indicator with explanations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringEngineBenchmark {

    static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    RubricDefinition rubric;
    JsonNode content;
    JsonNode totals;

    @Setup
    public void setUp() throws IOException {
        JsonNode doc = read("rubrics/department-overall-v1.json");
        rubric = JSON.treeToValue(doc.get("definition"), RubricDefinition.class);
        content = read("filing-valid.json");
        totals = new FilingData(content, null, Optional::empty).financeTotals();
        EvaluationResult check = score();
        if (check.indicators().isEmpty() || check.totalScore() == null || check.totalScore().compareTo(BigDecimal.ZERO) <= 0) {
            throw new IllegalStateException("the default rubric did not score the filing: " + check.totalScore());
        }
    }

    @Benchmark
    public EvaluationResult defaultRubricOnRealisticFiling() {
        return score();
    }

    private EvaluationResult score() {
        return ScoringEngine.score(rubric, new FilingData(content, totals, Optional::empty));
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = ScoringEngineBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " not on the classpath");
            }
            return JSON.readTree(in);
        }
    }
}
