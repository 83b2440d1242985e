package cn.jixiao.scoring.evaluation;

import cn.jixiao.scoring.json.StorableDocument;
import cn.jixiao.scoring.rubric.FilingFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The filing a rubric is applied to: its content, its department totals and, fetched only when a
 * formula needs it, the department's filing of the year before.
 */
public final class FilingData {

    private static final String[] SECTIONS = {"income", "expenditure", "threePublic", "fixedAssets"};
    private static final String TOTALS = "financeTotals.";
    /** Every path a formula may name, cut in advance. */
    private static final Map<String, FieldPath> CATALOGUE = FilingFields.all().keySet().stream()
            .collect(Collectors.toUnmodifiableMap(path -> path, FieldPath::of));

    private final JsonNode content;
    private final JsonNode totals;
    private final Supplier<Optional<PriorYear>> priorYearSource;
    private Optional<PriorYear> priorYear;
    /** The prior-year filing viewed as filing data, built once for all the fields read from it. */
    private Optional<FilingData> priorYearData;

    public FilingData(JsonNode content, JsonNode financeTotals, Supplier<Optional<PriorYear>> priorYear) {
        this.content = content == null ? JsonNodeFactory.instance.objectNode() : content;
        this.totals = financeTotals == null || financeTotals.isNull() || financeTotals.isEmpty()
                ? sumOfSubUnits(this.content) : financeTotals;
        this.priorYearSource = priorYear;
    }

    /** A filing of the year before, as used by a formula. */
    public record PriorYear(UUID filingId, Integer revision, String contentSha256, JsonNode content, JsonNode financeTotals) {
    }

    public JsonNode content() {
        return content;
    }

    public JsonNode financeTotals() {
        return totals;
    }

    /** The prior-year filing, if a formula asked for it and one exists. */
    public Optional<PriorYear> priorYearUsed() {
        return priorYear == null ? Optional.empty() : priorYear;
    }

    /** The value of a field path of {@link FilingFields}: a BigDecimal, a Boolean, or empty when not filled. */
    public Optional<Object> value(String path) {
        FieldPath known = CATALOGUE.get(path);
        return value(known != null ? known : FieldPath.of(path));
    }

    private Optional<Object> value(FieldPath path) {
        if (path.ofPriorYear() != null) {
            if (priorYear == null) {
                priorYear = priorYearSource == null ? Optional.empty() : priorYearSource.get();
                priorYearData = priorYear.map(p -> new FilingData(p.content(), p.financeTotals(), null));
            }
            return priorYearData.flatMap(p -> p.value(path.ofPriorYear()));
        }
        JsonNode node = at(path.inTotals() ? totals : content, path.steps());
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        if (node.isTextual()) {
            try {
                BigDecimal d = new BigDecimal(node.textValue().trim());
                // text escapes the bounds numbers are checked against where a document is read:
                // "1e999999999" written out in an explanation is a billion characters
                return StorableDocument.holdable(d, ScoringEngine.VALUE_SCALE) ? Optional.of(d) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Where a field path points: into the department totals or the content, by the steps of its
     * JSON path, or to the same field of the year before. Cut once per path, not on every read.
     */
    private record FieldPath(boolean inTotals, String[] steps, FieldPath ofPriorYear) {

        static FieldPath of(String path) {
            if (path.startsWith(FilingFields.PRIOR_YEAR)) {
                return new FieldPath(false, null, of(path.substring(FilingFields.PRIOR_YEAR.length())));
            }
            if (path.startsWith(TOTALS)) {
                return new FieldPath(true, steps(path.substring(TOTALS.length())), null);
            }
            return new FieldPath(false, steps(path), null);
        }

        /*
         * Interned like the field names Jackson reads (it interns them by default), so that a
         * step finds its key in a JSON object by identity; any other key is still found by equality.
         */
        private static String[] steps(String dotted) {
            String[] steps = dotted.split("\\.");
            for (int i = 0; i < steps.length; i++) {
                steps[i] = steps[i].intern();
            }
            return steps;
        }
    }

    private static JsonNode at(JsonNode root, String[] steps) {
        JsonNode n = root;
        for (String step : steps) {
            if (n == null) {
                return null;
            }
            n = n.get(step);
        }
        return n;
    }

    /** Department totals (汇总) as the sum of the sub-units, for content posted without them. */
    static JsonNode sumOfSubUnits(JsonNode content) {
        ObjectNode totals = JsonNodeFactory.withExactBigDecimals(true).objectNode();
        JsonNode finance = content.path("finance");
        if (!finance.isArray() || finance.isEmpty()) {
            return totals;
        }
        for (String section : SECTIONS) {
            ObjectNode sum = totals.putObject(section);
            for (JsonNode unit : finance) {
                unit.path(section).fields().forEachRemaining(e -> {
                    if (e.getValue().isNumber()) {
                        BigDecimal before = sum.has(e.getKey()) ? sum.get(e.getKey()).decimalValue() : BigDecimal.ZERO;
                        sum.put(e.getKey(), before.add(e.getValue().decimalValue()));
                    }
                });
            }
        }
        return totals;
    }
}
