package cn.jixiao.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import cn.jixiao.scoring.rubric.FilingFields;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.rubric.RubricDefinition.NotApplicableKind;
import cn.jixiao.scoring.support.Fixtures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scores, subtotals, grades and every word of the explanations stay exactly as recorded in
 * {@code golden/scoring-results.json}: the default rubric on the realistic filing and on edge
 * filings in full, and thousands of seeded filings (numbers of any sign and scale, decimal text,
 * wrong types, missing fields, prior-year filings, self-assessments with not-applicable
 * indicators) under the default rubric, its policy variants and another province's rubric, as a
 * digest of each result. Stored results are evidence, not an oracle: when a change of wording or
 * of the rubric file is intended, re-record with {@code -Dgolden.record=true} and review the diff.
 */
class RecordedResultsTest {

    static final String RECORD = "golden/scoring-results.json";
    static final int SEEDED_FILINGS = 400;

    /** One writer for recording and comparing: plain decimals with their scale, indented for a readable diff. */
    static final ObjectMapper OUT = Fixtures.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void resultsAndExplanationsAreThoseRecorded() throws Exception {
        ObjectNode actual = record();
        if (Boolean.getBoolean("golden.record")) {
            Path file = Path.of("src/test/resources", RECORD);
            Files.createDirectories(file.getParent());
            Files.writeString(file, OUT.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
            return;
        }
        JsonNode recorded = Fixtures.JSON.readTree(Fixtures.resource(RECORD));
        Path seen = Path.of("target", "scoring-results-actual.json");
        Files.createDirectories(seen.getParent());
        Files.writeString(seen, OUT.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
        recorded.path("results").fields().forEachRemaining(e -> assertEquals(text(e.getValue()), text(actual.path("results").path(e.getKey())),
                () -> e.getKey() + " differs from the recorded result; compare " + seen.toAbsolutePath() + " with " + RECORD));
        assertEquals(recorded.path("results").size(), actual.path("results").size(), "the recorded filings are those scored");
        recorded.path("digests").fields().forEachRemaining(e -> {
            JsonNode mine = actual.path("digests").path(e.getKey());
            for (int i = 0; i < e.getValue().size(); i++) {
                if (!e.getValue().get(i).asText().equals(mine.path(i).asText())) {
                    fail(e.getKey() + ": seeded filing " + i + " scores differently from the recorded result");
                }
            }
            assertEquals(e.getValue().size(), mine.size(), e.getKey());
        });
        assertEquals(recorded.path("digests").size(), actual.path("digests").size(), "the recorded rubrics are those applied");
    }

    private static ObjectNode record() throws Exception {
        RubricDefinition def = DefaultRubricRules.DEFAULT;
        RubricDefinition province = RuleKindsTest.rubric();
        ObjectNode root = Fixtures.JSON.createObjectNode();
        root.put("recorded", "by RecordedResultsTest with -Dgolden.record=true; the engine's output, not hand-written");
        ObjectNode results = root.putObject("results");
        JsonNode realistic = Fixtures.JSON.readTree(Fixtures.resource("filing-valid.json"));
        results.set("default rubric, realistic filing", result(def, realistic, null));
        results.set("default rubric, empty filing", result(def, Fixtures.JSON.createObjectNode(), null));
        results.set("default rubric, edge filing", result(def, edgeFiling(), edgePriorYear()));
        results.set("default rubric, whole points, drop and prorate, edge filing",
                result(DefaultRubricRules.withPolicy(DefaultRubricRules.withWholePointsOnly(def), NotApplicableKind.DROP_AND_PRORATE, null),
                        edgeFiling(), edgePriorYear()));
        results.set("another province's rubric, edge filing", result(province, edgeFiling(), null));

        Map<String, RubricDefinition> rubrics = new LinkedHashMap<>();
        rubrics.put("default", def);
        rubrics.put("default, whole points only", DefaultRubricRules.withWholePointsOnly(def));
        rubrics.put("default, not applicable full points", DefaultRubricRules.withPolicy(def, NotApplicableKind.FULL_POINTS, null));
        rubrics.put("default, not applicable zero", DefaultRubricRules.withPolicy(def, NotApplicableKind.ZERO, null));
        rubrics.put("default, not applicable dropped", DefaultRubricRules.withPolicy(def, NotApplicableKind.DROP_AND_PRORATE, null));
        rubrics.put("another province", province);
        ObjectNode digests = root.putObject("digests");
        Random random = new Random(20240601L);
        List<JsonNode[]> filings = new ArrayList<>();
        for (int i = 0; i < SEEDED_FILINGS; i++) {
            filings.add(new JsonNode[] {seededFiling(random), random.nextInt(3) == 0 ? seededFiling(random) : null});
        }
        for (Map.Entry<String, RubricDefinition> r : rubrics.entrySet()) {
            ArrayNode list = digests.putArray(r.getKey());
            for (JsonNode[] f : filings) {
                list.add(digest(text(result(r.getValue(), f[0], f[1]))));
            }
        }
        return root;
    }

    private static JsonNode result(RubricDefinition def, JsonNode content, JsonNode priorYear) {
        Optional<FilingData.PriorYear> prior = priorYear == null ? Optional.empty()
                : Optional.of(new FilingData.PriorYear(null, 3, "prior-sha", priorYear, priorYear.get("financeTotals")));
        return Fixtures.JSON.valueToTree(ScoringEngine.score(def, new FilingData(content, content.get("financeTotals"), () -> prior)));
    }

    /** Zero denominators, a negative adjustment, decimal text, a wrong type and a missing prior figure. */
    private static JsonNode edgeFiling() {
        ObjectNode c = Fixtures.JSON.createObjectNode();
        c.putObject("basicInfo").putObject("headcount").put("authorized", 0).put("actual", 12);
        ObjectNode base = c.putObject("baseData");
        base.put("initialBudget", new BigDecimal("300.00")).put("budgetAdjustment", new BigDecimal("-12.50"))
                .put("keyProjectExpenditure", " 45.5 ").put("procurementBudget", new BigDecimal("0.00"))
                .put("procurementActual", new BigDecimal("0")).put("officialCardPayments", new BigDecimal("33.333"))
                .put("officialCardEligibleSpending", new BigDecimal("70")).put("lateSpecialFunds", 3)
                .put("fundUseViolations", true).put("satisfactionRate", new BigDecimal("94.9999999999"));
        base.putObject("checklist").put("budgetRulesExist", true).put("budgetRulesLawful", false).put("disclosureContent", 1)
                .put("assetRulesExistLawful", true).put("assetRulesEnforced", true);
        ObjectNode totals = c.putObject("financeTotals");
        totals.putObject("threePublic").put("total", new BigDecimal("10.10"));
        totals.putObject("expenditure").put("project", new BigDecimal("50")).put("accumulatedBalance", new BigDecimal("7.25"));
        totals.putObject("income").put("carryOver", new BigDecimal("7.25"));
        totals.putObject("fixedAssets").put("inUse", new BigDecimal("-1")).put("total", new BigDecimal("3"));
        ArrayNode scores = c.putObject("selfEvaluation").putArray("scores");
        scores.addObject().put("indicatorCode", "staff-control-rate").put("score", new BigDecimal("5.00")).put("deductionReason", "  ");
        scores.addObject().put("indicatorCode", "payment-progress").put("score", new BigDecimal("2.5")).put("deductionReason", "两项逾期");
        scores.addObject().put("indicatorCode", "output-xiaokang").put("notApplicable", true).put("score", new BigDecimal("4"));
        scores.addObject().put("indicatorCode", "effect-social").put("score", "high");
        return c;
    }

    private static JsonNode edgePriorYear() {
        ObjectNode p = Fixtures.JSON.createObjectNode();
        ArrayNode finance = p.putArray("finance");
        finance.addObject().putObject("threePublic").put("total", new BigDecimal("4.00"));
        finance.addObject().putObject("threePublic").put("total", new BigDecimal("6.000"));
        return p;
    }

    private static final List<String> FIELDS = FilingFields.all().keySet().stream().filter(f -> !f.startsWith(FilingFields.PRIOR_YEAR)).toList();
    private static final List<String> INDICATORS = DefaultRubricRules.DEFAULT.leaves().stream().map(l -> l.indicator().code()).toList();

    /** A filing whose every field is left out, or filled with a number, decimal text, a yes/no or junk. */
    private static JsonNode seededFiling(Random random) {
        ObjectNode content = Fixtures.JSON.createObjectNode();
        boolean ownTotals = random.nextBoolean();
        for (String field : FIELDS) {
            boolean totals = field.startsWith("financeTotals.");
            if (totals && !ownTotals) {
                continue;
            }
            int pick = random.nextInt(20);
            if (pick < 5) {
                continue;
            }
            String[] steps = field.split("\\.");
            ObjectNode node = content;
            for (int i = 0; i < steps.length - 1; i++) {
                node = node.has(steps[i]) ? (ObjectNode) node.get(steps[i]) : node.putObject(steps[i]);
            }
            String leaf = steps[steps.length - 1];
            if (field.contains("checklist") && pick < 17) {
                node.put(leaf, random.nextBoolean());
            } else if (pick == 5) {
                node.put(leaf, BigDecimal.ZERO.setScale(random.nextInt(3)));
            } else if (pick == 6) {
                node.put(leaf, " " + amount(random).toPlainString());
            } else if (pick == 7) {
                node.put(leaf, random.nextBoolean() ? "n/a" : "");
            } else if (pick == 8) {
                node.put(leaf, random.nextBoolean());
            } else if (pick == 9) {
                node.putNull(leaf);
            } else if (pick == 10) {
                node.put(leaf, random.nextInt(200));
            } else {
                node.put(leaf, amount(random));
            }
        }
        if (!ownTotals && random.nextBoolean()) {
            ArrayNode finance = content.putArray("finance");
            for (int u = random.nextInt(3); u >= 0; u--) {
                ObjectNode unit = finance.addObject();
                for (String section : List.of("income", "expenditure", "threePublic", "fixedAssets")) {
                    ObjectNode s = unit.putObject(section);
                    for (String f : FIELDS) {
                        if (f.startsWith("financeTotals." + section + ".") && random.nextInt(4) > 0) {
                            s.put(f.substring(f.lastIndexOf('.') + 1), amount(random));
                        }
                    }
                }
            }
        }
        ArrayNode scores = content.putObject("selfEvaluation").putArray("scores");
        for (String code : INDICATORS) {
            int pick = random.nextInt(10);
            if (pick < 3) {
                continue;
            }
            ObjectNode s = scores.addObject().put("indicatorCode", code);
            if (pick < 8) {
                s.put("score", BigDecimal.valueOf(random.nextInt(1200) - 100, random.nextInt(3)));
            }
            if (pick == 8) {
                s.put("notApplicable", true);
            }
            if (random.nextInt(4) == 0) {
                s.put("deductionReason", "扣分原因 " + random.nextInt(100));
            }
        }
        return content;
    }

    private static BigDecimal amount(Random random) {
        long unscaled = random.nextInt(10) == 0 ? -random.nextInt(100_000) : random.nextInt(random.nextBoolean() ? 10_000 : 100_000_000);
        return BigDecimal.valueOf(unscaled, random.nextInt(4));
    }

    private static String text(JsonNode node) {
        try {
            return OUT.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
