package cn.jixiao.scoring.evaluation;

import static cn.jixiao.scoring.evaluation.ScoringEngine.plain;

import cn.jixiao.scoring.rubric.Formula;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.rubric.RubricDefinition.Band;
import cn.jixiao.scoring.rubric.RubricDefinition.ChecklistItem;
import cn.jixiao.scoring.rubric.RubricDefinition.Condition;
import cn.jixiao.scoring.rubric.RubricDefinition.GradeBand;
import cn.jixiao.scoring.rubric.RubricDefinition.Indicator;
import cn.jixiao.scoring.rubric.RubricDefinition.Leaf;
import cn.jixiao.scoring.rubric.RubricDefinition.Rounding;
import cn.jixiao.scoring.rubric.RubricDefinition.Rule;
import java.math.BigDecimal;
import java.util.List;

/**
 * A rubric version made ready for scoring: everything that depends on the rubric alone (which
 * indicators are scored, each rule in words, the fixed words of each explanation's arithmetic, the
 * parsed formulas, the grades in order) worked out once, so that scoring a filing only computes
 * what depends on the filing. The texts are those {@link ScoringEngine} wrote on every evaluation
 * before, built from the same pieces.
 */
final class PreparedRubric {

    final RubricDefinition definition;
    final Rounding rounding;
    final BigDecimal totalPoints;
    final List<GradeBand> gradesHighestFirst;
    /** The level-3 indicators in tree order. */
    final List<PreparedIndicator> indicators;

    PreparedRubric(RubricDefinition definition) {
        this.definition = definition;
        this.rounding = definition.roundingOrDefault();
        this.totalPoints = definition.totalPoints();
        this.gradesHighestFirst = ScoringEngine.highestFirst(definition.gradeBands());
        this.indicators = definition.leaves().stream().map(PreparedIndicator::new).toList();
    }

    /** One level-3 indicator and its rule, with the parts of its explanation that never change. */
    static final class PreparedIndicator {

        final Leaf leaf;
        final Indicator indicator;
        final Rule rule;
        final String kind;
        /** The rule in words ({@link ScoringEngine#describe}). */
        final String ruleText;
        final String pointsText;

        /** RATE_CEILING, RATE_FLOOR, BANDS, PER_OCCURRENCE: the value's formula and its alternatives, in order. */
        final List<PreparedFormula> formulas;
        /** RATE_CEILING / RATE_FLOOR: "% ≤ 100% → 5" when within the bound. */
        final String withinBound;
        /** RATE_CEILING / RATE_FLOOR: "% > 100%；5 − " before the points beyond the bound. */
        final String beyondBound;
        /** RATE_CEILING / RATE_FLOOR: " × 0.5 = " before the score. */
        final String timesDeductionPerPoint;
        /** BANDS, by band: " ∈ [80, 90) → 4". */
        final List<String> inBand;
        /** PER_OCCURRENCE: "；5 − " before the count. */
        final String pointsLess;
        /** PER_OCCURRENCE: " × 1 = " before the score. */
        final String timesDeductionPerOccurrence;

        /** CHECKLIST, by item: its formula, "label ✓ 1" and "label ✗ 0". */
        final List<PreparedFormula> items;
        final List<String> itemMet;
        final List<String> itemNotMet;

        /** CONDITIONS, by condition: its formula and " 成立（label） → 3". */
        final List<PreparedFormula> conditions;
        final List<String> conditionHolds;
        /** CONDITIONS with a fallback score: "各条件均不成立 → 1.5". */
        final String otherwise;

        PreparedIndicator(Leaf leaf) {
            this.leaf = leaf;
            this.indicator = leaf.indicator();
            this.rule = indicator.rule();
            this.kind = rule.kind().name();
            BigDecimal points = indicator.points();
            this.ruleText = ScoringEngine.describe(rule, points);
            this.pointsText = plain(points);
            boolean formulaKind = switch (rule.kind()) {
                case RATE_CEILING, RATE_FLOOR, BANDS, PER_OCCURRENCE -> true;
                case CHECKLIST, CONDITIONS, EXPERT -> false;
            };
            this.formulas = formulaKind ? rule.formula().stream().map(PreparedFormula::of).toList() : List.of();
            String bound = switch (rule.kind()) {
                case RATE_CEILING -> plain(rule.ceiling());
                case RATE_FLOOR -> plain(rule.floor());
                default -> null;
            };
            boolean ceiling = rule.kind() == RubricDefinition.RuleKind.RATE_CEILING;
            this.withinBound = bound == null ? null : (ceiling ? "% ≤ " : "% ≥ ") + bound + "% → " + pointsText;
            this.beyondBound = bound == null ? null : (ceiling ? "% > " : "% < ") + bound + "%；" + pointsText + " − ";
            this.timesDeductionPerPoint = bound == null ? null : " × " + plain(rule.deductionPerPoint()) + " = ";
            this.inBand = rule.kind() == RubricDefinition.RuleKind.BANDS
                    ? rule.bands().stream().map(b -> " ∈ " + b.describe() + " → " + plain(b.score())).toList() : List.of();
            boolean perOccurrence = rule.kind() == RubricDefinition.RuleKind.PER_OCCURRENCE;
            this.pointsLess = perOccurrence ? "；" + pointsText + " − " : null;
            this.timesDeductionPerOccurrence = perOccurrence ? " × " + plain(rule.deductionPerOccurrence()) + " = " : null;

            List<ChecklistItem> checklist = rule.kind() == RubricDefinition.RuleKind.CHECKLIST ? rule.items() : List.of();
            this.items = checklist.stream().map(i -> PreparedFormula.of(i.formula())).toList();
            this.itemMet = checklist.stream().map(i -> i.label() + " ✓ " + plain(i.points())).toList();
            this.itemNotMet = checklist.stream().map(i -> i.label() + " ✗ 0").toList();

            List<Condition> conds = rule.kind() == RubricDefinition.RuleKind.CONDITIONS ? rule.conditions() : List.of();
            this.conditions = conds.stream().map(c -> PreparedFormula.of(c.when())).toList();
            this.conditionHolds = conds.stream()
                    .map(c -> " 成立" + (c.label() == null ? "" : "（" + c.label() + "）") + " → " + plain(c.score())).toList();
            this.otherwise = rule.otherwise() == null ? null : "各条件均不成立 → " + plain(rule.otherwise());
        }

        Band band(int i) {
            return rule.bands().get(i);
        }
    }

    /**
     * A formula of the rubric, parsed once. One that cannot be parsed fails only when scoring
     * reaches it, as it did when formulas were parsed during scoring: an earlier checklist item or
     * condition may already have decided the indicator.
     */
    record PreparedFormula(Formula formula, RuntimeException failure) {

        static PreparedFormula of(String text) {
            try {
                return new PreparedFormula(ScoringEngine.formula(text), null);
            } catch (RuntimeException e) {
                return new PreparedFormula(null, e);
            }
        }

        Formula.Outcome evaluate(FilingData data, Formula.Scope scope) {
            if (failure != null) {
                throw failure;
            }
            return formula.evaluate(data::value, scope);
        }
    }
}
