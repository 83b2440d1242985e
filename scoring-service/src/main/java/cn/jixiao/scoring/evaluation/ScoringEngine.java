package cn.jixiao.scoring.evaluation;

import cn.jixiao.scoring.evaluation.EvaluationResult.CategoryResult;
import cn.jixiao.scoring.evaluation.EvaluationResult.Explanation;
import cn.jixiao.scoring.evaluation.EvaluationResult.FinalSource;
import cn.jixiao.scoring.evaluation.EvaluationResult.IndicatorResult;
import cn.jixiao.scoring.evaluation.EvaluationResult.Input;
import cn.jixiao.scoring.evaluation.EvaluationResult.PriorYearRef;
import cn.jixiao.scoring.evaluation.PreparedRubric.PreparedFormula;
import cn.jixiao.scoring.evaluation.PreparedRubric.PreparedIndicator;
import cn.jixiao.scoring.rubric.FilingFields;
import cn.jixiao.scoring.rubric.Formula;
import cn.jixiao.scoring.rubric.FormulaException;
import cn.jixiao.scoring.rubric.RubricDefinition;
import cn.jixiao.scoring.rubric.RubricDefinition.Band;
import cn.jixiao.scoring.rubric.RubricDefinition.GradeBand;
import cn.jixiao.scoring.rubric.RubricDefinition.Indicator;
import cn.jixiao.scoring.rubric.RubricDefinition.Leaf;
import cn.jixiao.scoring.rubric.RubricDefinition.NotApplicablePolicy;
import cn.jixiao.scoring.rubric.RubricDefinition.Rounding;
import cn.jixiao.scoring.rubric.RubricDefinition.Rule;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a rubric version to a filing. Pure: the same rubric content and the same filing give
 * the same result, byte for byte. Every score stays within [0, points] and explains itself.
 */
public final class ScoringEngine {

    /** Rates and values are judged at 10 decimal places, so 1 ÷ 3 × 300 is 100, not 99.999…. */
    static final int VALUE_SCALE = 10;

    private static final Map<String, Formula> PARSED = new ConcurrentHashMap<>();
    /**
     * Rubrics made ready for scoring, by content: a definition is a value (records all the way
     * down, never changed once read), so a copy read again from the database finds the same
     * preparation as the instance it was made from.
     */
    private static final Map<RubricDefinition, PreparedRubric> PREPARED = new ConcurrentHashMap<>();
    private static final int PREPARED_KEPT = 64;
    /**
     * The preparation used last. A caller that scores many filings with one definition instance
     * finds it by identity, without hashing the whole indicator tree for {@link #PREPARED}.
     */
    private static volatile PreparedRubric lastPrepared;

    private ScoringEngine() {
    }

    /** Scores every level-3 indicator and totals them. */
    public static EvaluationResult score(RubricDefinition def, FilingData data) {
        PreparedRubric rubric = prepared(def);
        Map<String, JsonNode> self = new HashMap<>(2 * rubric.indicators.size());
        data.content().path("selfEvaluation").path("scores").forEach(s -> self.put(s.path("indicatorCode").asText(), s));
        Formula.Scope scope = new Formula.Scope();
        List<IndicatorResult> results = new ArrayList<>(rubric.indicators.size());
        for (PreparedIndicator ind : rubric.indicators) {
            results.add(scoreLeaf(rubric, ind, data, scope, self.get(ind.indicator.code())));
        }
        PriorYearRef prior = data.priorYearUsed()
                .map(p -> new PriorYearRef(p.filingId(), p.revision(), p.contentSha256())).orElse(null);
        return finish(rubric, results, prior);
    }

    /** The rubric made ready for scoring: once per rubric content, then taken from {@link #PREPARED}. */
    static PreparedRubric prepared(RubricDefinition def) {
        PreparedRubric rubric = lastPrepared;
        if (rubric != null && rubric.definition == def) {
            return rubric;
        }
        rubric = PREPARED.get(def);
        if (rubric == null) {
            if (PREPARED.size() >= PREPARED_KEPT) {
                PREPARED.clear(); // drafts edited and previewed many times: keep the cache bounded
            }
            rubric = new PreparedRubric(def);
            PREPARED.put(def, rubric);
        }
        lastPrepared = rubric;
        return rubric;
    }

    /** The score of one indicator's rule alone, as the rule computes it (not clamped or rounded). */
    public static Computed compute(RubricDefinition def, Indicator indicator, FilingData data) {
        return compute(new PreparedIndicator(new Leaf(null, null, indicator)), def.wholePoints(), data, new Formula.Scope());
    }

    private static Computed compute(PreparedIndicator indicator, boolean wholePointsOnly, FilingData data, Formula.Scope scope) {
        try {
            return computeRule(indicator, wholePointsOnly, data, scope);
        } catch (FormulaException e) {
            return Computed.notComputable("evaluation-error", e.zh, indicator.ruleText, List.of(), null);
        }
    }

    private static IndicatorResult scoreLeaf(PreparedRubric rubric, PreparedIndicator prepared, FilingData data, Formula.Scope scope,
            JsonNode self) {
        Leaf leaf = prepared.leaf;
        Indicator ind = prepared.indicator;
        Rounding rounding = rubric.rounding;
        Computed c = compute(prepared, rubric.definition.wholePoints(), data, scope);
        BigDecimal computed = c.score == null ? null : rounding.apply(clamp(c.score, ind.points()));
        String result;
        if (c.score != null) {
            result = "计算得分 " + computed.toPlainString();
        } else if (c.notComputableCode != null) {
            result = "无法计算（" + c.notComputableReason + "），以复核得分或自评得分为准";
        } else {
            result = "专家评分：以复核得分为准，未复核时以自评得分为准";
        }
        Explanation explanation = new Explanation(c.inputs, c.rule, c.arithmetic, result);
        BigDecimal selfScore = null;
        String reason = null;
        boolean notApplicable = false;
        if (self != null) {
            JsonNode s = self.get("score");
            selfScore = s == null || !s.isNumber() ? null : s.decimalValue();
            reason = self.path("deductionReason").isTextual() && !self.path("deductionReason").asText().isBlank()
                    ? self.path("deductionReason").asText() : null;
            notApplicable = self.path("notApplicable").asBoolean(false);
        }
        return new IndicatorResult(ind.code(), ind.name(), leaf.level1().code(), leaf.level2().code(),
                ind.points(), prepared.kind, ind.standard(), computed, c.notComputableCode != null,
                c.notComputableCode, c.notComputableReason, notApplicable, null, selfScore, reason, null, null,
                null, null, false, explanation);
    }

    /**
     * Final scores, subtotals, total and grade from the indicators' computed, self and review
     * scores: review if given, else the not-applicable policy, else computed, else self.
     */
    public static EvaluationResult finish(RubricDefinition def, List<IndicatorResult> indicators, PriorYearRef prior) {
        return finish(prepared(def), indicators, prior);
    }

    private static EvaluationResult finish(PreparedRubric rubric, List<IndicatorResult> indicators, PriorYearRef prior) {
        RubricDefinition def = rubric.definition;
        Rounding rounding = rubric.rounding;
        NotApplicablePolicy policy = def.notApplicablePolicy();
        List<IndicatorResult> finished = new ArrayList<>();
        BigDecimal dropped = BigDecimal.ZERO;
        for (IndicatorResult r : indicators) {
            BigDecimal points = r.points();
            BigDecimal fin;
            FinalSource source;
            String treatment = null;
            if (r.notApplicable()) {
                treatment = treatment(policy, points);
            }
            if (r.reviewScore() != null) {
                fin = r.reviewScore();
                source = FinalSource.REVIEW;
                if (treatment != null) {
                    treatment = treatment + "；已由复核得分取代";
                }
            } else if (r.notApplicable()) {
                source = FinalSource.NOT_APPLICABLE_POLICY;
                fin = switch (policy.kind()) {
                    case FULL_POINTS -> points;
                    case ZERO -> BigDecimal.ZERO;
                    case FIXED_DEDUCTION -> points.subtract(policy.amount() == null ? BigDecimal.ZERO : policy.amount());
                    case DROP_AND_PRORATE -> BigDecimal.ZERO;
                };
                if (policy.kind() == RubricDefinition.NotApplicableKind.DROP_AND_PRORATE) {
                    dropped = dropped.add(points);
                }
            } else if (r.computedScore() != null) {
                fin = r.computedScore();
                source = FinalSource.COMPUTED;
            } else if (r.selfScore() != null) {
                fin = r.selfScore();
                source = FinalSource.SELF;
            } else {
                fin = BigDecimal.ZERO;
                source = FinalSource.NONE;
            }
            fin = rounding.apply(clamp(fin, points));
            boolean over = r.selfScore() != null && r.computedScore() != null && r.selfScore().compareTo(r.computedScore()) > 0;
            finished.add(r.withFinal(fin, source, treatment, over));
        }
        // one pass over the indicators, each level-2 sum started from 0 and added to in order
        Map<String, BigDecimal> byLevel2 = new HashMap<>();
        for (IndicatorResult r : finished) {
            byLevel2.put(r.level2Code(), byLevel2.getOrDefault(r.level2Code(), BigDecimal.ZERO).add(r.finalScore()));
        }
        List<CategoryResult> categories = new ArrayList<>();
        BigDecimal raw = BigDecimal.ZERO;
        for (Indicator l1 : def.indicators()) {
            BigDecimal l1Score = BigDecimal.ZERO;
            List<CategoryResult> level2 = new ArrayList<>();
            for (Indicator l2 : l1.children() == null ? List.<Indicator>of() : l1.children()) {
                BigDecimal l2Score = byLevel2.getOrDefault(l2.code(), BigDecimal.ZERO);
                l2Score = rounding.apply(clamp(l2Score, l2.points()));
                level2.add(new CategoryResult(l2.code(), l2.name(), 2, l1.code(), l2.points(), l2Score));
                l1Score = l1Score.add(l2Score);
            }
            l1Score = rounding.apply(clamp(l1Score, l1.points()));
            categories.add(new CategoryResult(l1.code(), l1.name(), 1, null, l1.points(), l1Score));
            categories.addAll(level2);
            raw = raw.add(l1Score);
        }
        BigDecimal full = rubric.totalPoints;
        BigDecimal total = raw;
        if (dropped.signum() > 0 && full.compareTo(dropped) > 0) {
            total = raw.multiply(full).divide(full.subtract(dropped), MathContext.DECIMAL128);
        }
        total = rounding.apply(clamp(total, full));
        return new EvaluationResult(finished, categories, total, gradeOf(rubric.gradesHighestFirst, total),
                rounding.apply(dropped), prior);
    }

    public static String grade(List<GradeBand> bands, BigDecimal total) {
        return gradeOf(highestFirst(bands), total);
    }

    static List<GradeBand> highestFirst(List<GradeBand> bands) {
        List<GradeBand> sorted = new ArrayList<>(bands);
        sorted.sort(Comparator.comparing(GradeBand::min).reversed());
        return Collections.unmodifiableList(sorted);
    }

    private static String gradeOf(List<GradeBand> sorted, BigDecimal total) {
        for (GradeBand b : sorted) {
            if (total.compareTo(b.min()) >= 0) {
                return b.grade();
            }
        }
        return sorted.get(sorted.size() - 1).grade();
    }

    private static String treatment(NotApplicablePolicy policy, BigDecimal points) {
        return switch (policy.kind()) {
            case FULL_POINTS -> "无此考核指标：按评分表规定得满分 " + plain(points);
            case ZERO -> "无此考核指标：按评分表规定得 0 分";
            case FIXED_DEDUCTION -> "无此考核指标：按评分表规定扣 " + plain(policy.amount()) + " 分";
            case DROP_AND_PRORATE -> "无此考核指标：不计分，总分按其余指标折算为满分制";
        };
    }

    static BigDecimal clamp(BigDecimal score, BigDecimal points) {
        if (score.signum() < 0) {
            return BigDecimal.ZERO;
        }
        return score.compareTo(points) > 0 ? points : score;
    }

    /** What a rule computed, before clamping and rounding. */
    public record Computed(BigDecimal score, String notComputableCode, String notComputableReason, String rule,
            List<Input> inputs, String arithmetic) {

        static Computed notComputable(String code, String reason, String rule, List<Input> inputs, String arithmetic) {
            return new Computed(null, code, reason, rule, inputs, arithmetic);
        }
    }

    private static Computed computeRule(PreparedIndicator ind, boolean wholePointsOnly, FilingData data, Formula.Scope scope) {
        Rule rule = ind.rule;
        BigDecimal points = ind.indicator.points();
        String ruleText = ind.ruleText;
        switch (rule.kind()) {
            case EXPERT:
                return new Computed(null, null, null, ruleText, List.of(), null);
            case CHECKLIST: {
                List<Input> inputs = new ArrayList<>();
                BigDecimal sum = BigDecimal.ZERO;
                StringJoiner parts = new StringJoiner("；");
                for (int i = 0; i < ind.items.size(); i++) {
                    Formula.Outcome o = ind.items.get(i).evaluate(data, scope);
                    inputs.addAll(inputs(o));
                    if (!o.computable()) {
                        return Computed.notComputable(o.notComputableCode(), o.notComputableReason(), ruleText, inputs, null);
                    }
                    boolean yes = o.bool();
                    parts.add(yes ? ind.itemMet.get(i) : ind.itemNotMet.get(i));
                    if (yes) {
                        sum = sum.add(rule.items().get(i).points());
                    }
                }
                return new Computed(sum, null, null, ruleText, inputs, parts + "；合计 " + plain(sum));
            }
            case CONDITIONS: {
                List<Input> inputs = new ArrayList<>();
                for (int i = 0; i < ind.conditions.size(); i++) {
                    Formula.Outcome o = ind.conditions.get(i).evaluate(data, scope);
                    inputs.addAll(inputs(o));
                    if (!o.computable()) {
                        return Computed.notComputable(o.notComputableCode(), o.notComputableReason(), ruleText, distinct(inputs), null);
                    }
                    if (o.bool()) {
                        return new Computed(rule.conditions().get(i).score(), null, null, ruleText, distinct(inputs),
                                o.arithmetic() + ind.conditionHolds.get(i));
                    }
                }
                if (rule.otherwise() != null) {
                    return new Computed(rule.otherwise(), null, null, ruleText, distinct(inputs), ind.otherwise);
                }
                return Computed.notComputable("no-condition-matched", "没有条件成立，评分表未规定此时的得分", ruleText, distinct(inputs), null);
            }
            default:
                break;
        }
        Formula.Outcome o = alternatives(ind.formulas, data, scope);
        List<Input> inputs = inputs(o);
        if (!o.computable()) {
            return Computed.notComputable(o.notComputableCode(), o.notComputableReason(), ruleText, inputs, o.arithmetic());
        }
        BigDecimal v = o.number().setScale(VALUE_SCALE, RoundingMode.HALF_UP);
        String value = o.arithmetic() + " = " + plain(v);
        switch (rule.kind()) {
            case RATE_CEILING: {
                if (v.compareTo(rule.ceiling()) <= 0) {
                    return new Computed(points, null, null, ruleText, inputs, value + ind.withinBound);
                }
                BigDecimal beyond = units(v.subtract(rule.ceiling()), wholePointsOnly);
                BigDecimal score = points.subtract(beyond.multiply(rule.deductionPerPoint()));
                return new Computed(score, null, null, ruleText, inputs,
                        value + ind.beyondBound + plain(beyond) + ind.timesDeductionPerPoint + plain(score));
            }
            case RATE_FLOOR: {
                if (v.compareTo(rule.floor()) >= 0) {
                    return new Computed(points, null, null, ruleText, inputs, value + ind.withinBound);
                }
                BigDecimal below = units(rule.floor().subtract(v), wholePointsOnly);
                BigDecimal score = points.subtract(below.multiply(rule.deductionPerPoint()));
                return new Computed(score, null, null, ruleText, inputs,
                        value + ind.beyondBound + plain(below) + ind.timesDeductionPerPoint + plain(score));
            }
            case BANDS: {
                for (int i = 0; i < ind.inBand.size(); i++) {
                    Band b = rule.bands().get(i);
                    if (b.contains(v)) {
                        return new Computed(b.score(), null, null, ruleText, inputs, value + ind.inBand.get(i));
                    }
                }
                return Computed.notComputable("no-band", "数值 " + plain(v) + " 不在评分表的任何区间内", ruleText, inputs, value);
            }
            case PER_OCCURRENCE: {
                BigDecimal score = points.subtract(v.multiply(rule.deductionPerOccurrence()));
                return new Computed(score, null, null, ruleText, inputs,
                        value + ind.pointsLess + plain(v) + ind.timesDeductionPerOccurrence + plain(score));
            }
            default:
                throw new IllegalStateException("unhandled rule kind " + rule.kind());
        }
    }

    /** Percentage points beyond a bound: proportional, or whole points only when the version says so. */
    private static BigDecimal units(BigDecimal beyond, boolean wholePointsOnly) {
        return wholePointsOnly ? beyond.setScale(0, RoundingMode.FLOOR) : beyond;
    }

    /** The first alternative whose fields are all filled; not computable when none is. */
    private static Formula.Outcome alternatives(List<PreparedFormula> formulas, FilingData data, Formula.Scope scope) {
        Formula.Outcome first = null;
        List<String> missing = new ArrayList<>();
        for (PreparedFormula formula : formulas) {
            Formula.Outcome o = formula.evaluate(data, scope);
            if (o.computable() || !"missing-data".equals(o.notComputableCode())) {
                return o;
            }
            if (first == null) {
                first = o;
            }
            missing.add(o.notComputableReason());
        }
        if (formulas.size() > 1) {
            return new Formula.Outcome(null, first.inputs(), "missing-data", String.join("；备选公式", missing),
                    first.missingFields(), null);
        }
        return first;
    }

    static Formula formula(String text) {
        if (PARSED.size() > 10_000) {
            PARSED.clear(); // formulas of many drafts: keep the cache bounded
        }
        return PARSED.computeIfAbsent(text, Formula::parse);
    }

    private static List<Input> inputs(Formula.Outcome o) {
        List<Input> list = new ArrayList<>();
        o.inputs().forEach((k, v) -> list.add(new Input(k, FilingFields.label(k), v)));
        for (String m : o.missingFields()) {
            list.add(new Input(m, FilingFields.label(m), null));
        }
        return list;
    }

    private static List<Input> distinct(List<Input> inputs) {
        Map<String, Input> byField = new LinkedHashMap<>();
        inputs.forEach(i -> byField.putIfAbsent(i.field(), i));
        return List.copyOf(byField.values());
    }

    /** The rule in words, for the explanation. */
    static String describe(Rule rule, BigDecimal points) {
        String p = plain(points);
        return switch (rule.kind()) {
            case RATE_CEILING -> String.join(" 或 ", rule.formula()) + " ≤ " + plain(rule.ceiling()) + "% 得 " + p + " 分；每超过 1 个百分点扣 "
                    + plain(rule.deductionPerPoint()) + " 分，扣完为止";
            case RATE_FLOOR -> String.join(" 或 ", rule.formula()) + " ≥ " + plain(rule.floor()) + "% 得 " + p + " 分；每低于 1 个百分点扣 "
                    + plain(rule.deductionPerPoint()) + " 分，扣完为止";
            case BANDS -> String.join(" 或 ", rule.formula()) + "："
                    + String.join("；", rule.bands().stream().map(b -> b.describe() + " 得 " + plain(b.score())).toList());
            case CHECKLIST -> String.join("；", rule.items().stream().map(i -> i.label() + "（" + i.formula() + "）" + plain(i.points()) + " 分").toList());
            case PER_OCCURRENCE -> String.join(" 或 ", rule.formula()) + "：每次扣 " + plain(rule.deductionPerOccurrence()) + " 分，满分 " + p + "，扣完为止";
            case CONDITIONS -> String.join("；", rule.conditions().stream()
                    .map(c -> (c.label() == null ? "" : c.label() + "：") + c.when() + " 得 " + plain(c.score())).toList())
                    + (rule.otherwise() == null ? "" : "；否则得 " + plain(rule.otherwise())) + "（依次判断，先成立者为准）";
            case EXPERT -> "专家评分，满分 " + p;
        };
    }

    static String plain(BigDecimal d) {
        return d == null ? "?" : d.stripTrailingZeros().toPlainString();
    }
}
