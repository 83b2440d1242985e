package cn.jixiao.scoring.evaluation;

import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.support.Fixtures;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** The shipped default rubric, and a way to score one indicator of it on given field values. */
final class DefaultRubricRules {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static final RubricDefinition DEFAULT = load();

    private DefaultRubricRules() {
    }

    static RubricDefinition load() {
        try {
            JsonNode doc = MAPPER.readTree(Fixtures.resource("rubrics/department-overall-v1.json"));
            return MAPPER.treeToValue(doc.get("definition"), RubricDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode defaultTree() {
        try {
            return MAPPER.readTree(Fixtures.resource("rubrics/department-overall-v1.json")).get("definition");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scores the whole default rubric on a filing holding only the given fields (dotted paths as
     * in FilingFields; values numbers, booleans or decimal strings) and returns one indicator.
     */
    static IndicatorResult score(RubricDefinition def, String code, Map<String, Object> fields) {
        ObjectNode content = MAPPER.createObjectNode();
        ObjectNode totals = MAPPER.createObjectNode();
        ObjectNode prior = MAPPER.createObjectNode();
        ObjectNode priorTotals = MAPPER.createObjectNode();
        fields.forEach((path, value) -> {
            ObjectNode root;
            String p = path;
            if (p.startsWith("priorYear.financeTotals.")) {
                root = priorTotals;
                p = p.substring("priorYear.financeTotals.".length());
            } else if (p.startsWith("priorYear.")) {
                root = prior;
                p = p.substring("priorYear.".length());
            } else if (p.startsWith("financeTotals.")) {
                root = totals;
                p = p.substring("financeTotals.".length());
            } else {
                root = content;
            }
            String[] parts = p.split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            if (value instanceof Boolean b) {
                node.put(leaf, b);
            } else if (value instanceof Integer n) {
                node.put(leaf, n);
            } else {
                node.put(leaf, new BigDecimal(value.toString()));
            }
        });
        Optional<FilingData.PriorYear> priorYear = prior.isEmpty() && priorTotals.isEmpty() ? Optional.empty()
                : Optional.of(new FilingData.PriorYear(null, 1, "sha", prior, priorTotals));
        FilingData data = new FilingData(content, totals, () -> priorYear);
        return ScoringEngine.score(def, data).indicators().stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow();
    }

    static IndicatorResult score(String code, Map<String, Object> fields) {
        return score(DEFAULT, code, fields);
    }

    static RubricDefinition withWholePointsOnly(RubricDefinition d) {
        return new RubricDefinition(d.name(), d.notApplicablePolicy(), d.gradeBands(), d.rounding(), true, d.indicators());
    }

    static RubricDefinition withPolicy(RubricDefinition d, RubricDefinition.NotApplicableKind kind, BigDecimal amount) {
        return new RubricDefinition(d.name(), new RubricDefinition.NotApplicablePolicy(kind, amount), d.gradeBands(), d.rounding(),
                d.wholePointsOnly(), d.indicators());
    }
}
