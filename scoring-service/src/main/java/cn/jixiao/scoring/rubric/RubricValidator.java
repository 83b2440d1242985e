package cn.jixiao.scoring.rubric;

import cn.jixiao.scoring.problem.ApiException.Violation;
import cn.jixiao.scoring.problem.Text;
import cn.jixiao.scoring.rubric.RubricDefinition.Band;
import cn.jixiao.scoring.rubric.RubricDefinition.ChecklistItem;
import cn.jixiao.scoring.rubric.RubricDefinition.Condition;
import cn.jixiao.scoring.rubric.RubricDefinition.Indicator;
import cn.jixiao.scoring.rubric.RubricDefinition.NotApplicableKind;
import cn.jixiao.scoring.rubric.RubricDefinition.Rule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a rubric version's content. On every save: the tree's shape, each rule's parameters
 * (scores within the indicator's points, bands that meet end to end), every formula (syntax,
 * fields that exist in the filing, the functions allowed, numbers a filing could hold, a result
 * of the kind the rule needs) and the grade bands (each grade once, 差 from 0). On publish, in
 * addition: each level's children and each checklist's items add up to the parent's points, and
 * the whole to 100. A published version is scored for every filing of its cycles, so what would
 * fail or mislead there is refused here.
 */
public final class RubricValidator {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private RubricValidator() {
    }

    public static List<Violation> forSave(RubricDefinition def) {
        List<Violation> v = new ArrayList<>();
        if (def.notApplicablePolicy() != null && def.notApplicablePolicy().kind() == NotApplicableKind.FIXED_DEDUCTION) {
            BigDecimal amount = def.notApplicablePolicy().amount();
            if (amount == null) {
                v.add(violation("$.notApplicablePolicy.amount", "required", "固定扣分须给出不小于 0 的扣分值",
                        "FIXED_DEDUCTION needs a non-negative amount"));
            } else if (amount.signum() < 0) {
                v.add(violation("$.notApplicablePolicy.amount", "negative", "固定扣分不能为负数", "the FIXED_DEDUCTION amount cannot be negative"));
            } else if (largestLeaf(def.indicators()).signum() > 0 && amount.compareTo(largestLeaf(def.indicators())) > 0) {
                // deducted from an indicator's points and floored at 0: more than every indicator has
                // is ZERO under another name, and the explanation would say "扣 50 分" of 5
                v.add(violation("$.notApplicablePolicy.amount", "out-of-range", "固定扣分 " + amount.toPlainString()
                        + " 超过了任何指标的分值（不计分请用 ZERO）", "the FIXED_DEDUCTION amount " + amount.toPlainString()
                        + " exceeds every indicator's points (use ZERO for no points)"));
            }
        }
        // scores travel to reporting and its spreadsheets at two places: a total scored at three
        // (89.995, 良) would be reported as 90.00 beside the grade it did not earn
        if (def.rounding() != null && def.rounding().scale() != null && (def.rounding().scale() < 0 || def.rounding().scale() > 2)) {
            v.add(violation("$.rounding.scale", "out-of-range", "小数位数须在 0 到 2 之间（汇总报表按两位小数报送得分）",
                    "scale must be between 0 and 2 (reports carry scores at two places)"));
        }
        if (def.rounding() != null && def.rounding().mode() == java.math.RoundingMode.UNNECESSARY) {
            // it throws as soon as a score has more places than the scale: every scoring would fail
            v.add(violation("$.rounding.mode", "unsupported", "舍入方式不能为 UNNECESSARY", "the rounding mode cannot be UNNECESSARY"));
        }
        List<RubricDefinition.GradeBand> grades = def.gradeBands() == null ? List.of() : def.gradeBands();
        boolean gradesKnown = true;
        for (int i = 0; i < grades.size(); i++) {
            String grade = grades.get(i) == null ? null : grades.get(i).grade();
            // the grades DOMAIN.md names are the ones scoring stores and reporting counts
            if (grade != null && !GRADES.contains(grade)) {
                gradesKnown = false;
                v.add(violation("$.gradeBands[" + i + "].grade", "unknown-grade", "等次须为 优、良、中、差 之一",
                        "a grade must be one of 优, 良, 中, 差"));
            }
        }
        if (gradesKnown && !grades.isEmpty() && grades.stream().allMatch(g -> g != null && g.grade() != null && g.min() != null)) {
            gradeBands(grades, v);
        }
        int scale = def.roundingOrDefault().scaleOrDefault();
        if (scale < 0 || scale > 2) {
            // refused above; every score checked against it too would repeat that one mistake
            scale = 2;
        }
        for (int i = 0; i < grades.size(); i++) {
            RubricDefinition.GradeBand g = grades.get(i);
            if (g != null && g.min() != null && g.min().stripTrailingZeros().scale() > scale) {
                // totals are rounded to the scale: 89.999 is a minimum no total can equal
                v.add(violation("$.gradeBands[" + i + "].min", "too-many-decimals", "等次下限 " + g.min().toPlainString()
                        + " 的小数位多于得分的 " + scale + " 位", "the grade's minimum " + g.min().toPlainString()
                        + " has more places than totals are rounded to (" + scale + ")"));
            }
        }
        if (def.notApplicablePolicy() != null && def.notApplicablePolicy().amount() != null) {
            BigDecimal amount = def.notApplicablePolicy().amount();
            if (amount.stripTrailingZeros().scale() > scale) {
                v.add(violation("$.notApplicablePolicy.amount", "too-many-decimals", "无此考核指标的扣分 " + amount.toPlainString()
                        + " 的小数位多于得分的 " + scale + " 位", "the not-applicable deduction " + amount.toPlainString()
                        + " has more places than scores are rounded to (" + scale + ")"));
            }
        }
        Set<String> codes = new HashSet<>();
        List<Indicator> top = def.indicators() == null ? List.of() : def.indicators();
        for (int i = 0; i < top.size(); i++) {
            node(top.get(i), 1, "$.indicators[" + i + "]", codes, scale, v);
        }
        return v;
    }

    /**
     * Each of the four grades once, higher grades from higher totals, and 差 from 0: a total below
     * the lowest band was given that band's grade (12 points graded 中 when no band said 差).
     */
    private static void gradeBands(List<RubricDefinition.GradeBand> grades, List<Violation> v) {
        java.util.Map<String, BigDecimal> min = new java.util.HashMap<>();
        for (int i = 0; i < grades.size(); i++) {
            RubricDefinition.GradeBand g = grades.get(i);
            if (min.put(g.grade(), g.min()) != null) {
                v.add(violation("$.gradeBands[" + i + "].grade", "duplicate", "等次 " + g.grade() + " 重复", "grade " + g.grade() + " given twice"));
                return;
            }
            if (g.min().signum() < 0 || g.min().compareTo(HUNDRED) > 0) {
                v.add(violation("$.gradeBands[" + i + "].min", "out-of-range", "等次下限须在 0 到 100 之间", "a grade's minimum must be between 0 and 100"));
                return;
            }
        }
        for (String grade : GRADES) {
            if (!min.containsKey(grade)) {
                v.add(violation("$.gradeBands", "grade-missing", "缺少等次 " + grade + "：每个总分都须有等次", "grade " + grade
                        + " is missing: every total needs a grade"));
                return;
            }
        }
        for (int i = 1; i < GRADES.size(); i++) {
            if (min.get(GRADES.get(i)).compareTo(min.get(GRADES.get(i - 1))) >= 0) {
                v.add(violation("$.gradeBands", "grade-order", "等次 " + GRADES.get(i) + " 的下限须低于 " + GRADES.get(i - 1) + " 的",
                        "grade " + GRADES.get(i) + " must start below " + GRADES.get(i - 1)));
                return;
            }
        }
        if (min.get("差").signum() != 0) {
            v.add(violation("$.gradeBands", "grade-gap", "等次 差 须从 0 分起：低于最低等次下限的总分没有等次",
                    "grade 差 must start at 0: a total below the lowest band would have no grade"));
        }
    }

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    /** A score given as such (points, a band's or condition's score, a fixed deduction) has no more places than scores are rounded to. */
    private static void places(BigDecimal value, int scale, String code, String path, List<Violation> v) {
        if (value != null && value.stripTrailingZeros().scale() > scale) {
            v.add(violation(path, "too-many-decimals", "指标 " + code + "：" + value.toPlainString() + " 的小数位多于得分的 " + scale + " 位",
                    "indicator " + code + ": " + value.toPlainString() + " has more places than scores are rounded to (" + scale + ")"));
        }
    }

    private static final List<String> GRADES = List.of("优", "良", "中", "差");

    public static List<Violation> forPublish(RubricDefinition def) {
        List<Violation> v = forSave(def);
        if (def.indicators() == null || def.indicators().isEmpty()) {
            v.add(violation("$.indicators", "empty", "评分表没有指标", "the rubric has no indicators"));
        }
        List<Indicator> top = def.indicators() == null ? List.of() : def.indicators();
        for (int i = 0; i < top.size(); i++) {
            sums(top.get(i), "$.indicators[" + i + "]", v);
        }
        BigDecimal total = top.stream().map(Indicator::points).filter(p -> p != null).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (!top.isEmpty() && total.compareTo(HUNDRED) != 0) {
            // the grade bands and pro-rating read totals out of 100
            v.add(violation("$.indicators", "total-not-100", "一级指标分值之和为 " + total.toPlainString() + "，须为 100",
                    "the level-1 indicators add up to " + total.toPlainString() + ", not 100"));
        }
        return v;
    }

    private static void sums(Indicator node, String path, List<Violation> v) {
        List<Indicator> children = RubricDefinition.children(node);
        Rule rule = node.rule();
        if (rule != null && rule.kind() == RubricDefinition.RuleKind.CHECKLIST && rule.items() != null && node.points() != null
                && rule.items().stream().allMatch(i -> i != null && i.points() != null)) {
            BigDecimal items = rule.items().stream().map(ChecklistItem::points).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (items.compareTo(node.points()) != 0) {
                // full points could never be reached, or would be passed and cut without a word
                v.add(violation(path + ".rule.items", "sum-mismatch", "指标 " + node.code() + " 的检查项分值之和 " + items.toPlainString()
                        + " ≠ 指标分值 " + node.points().toPlainString(), "indicator " + node.code() + "'s checklist items add up to "
                        + items.toPlainString() + ", not its " + node.points().toPlainString() + " points"));
            }
        }
        if (children.isEmpty() || node.points() == null) {
            return;
        }
        BigDecimal sum = children.stream().map(Indicator::points).filter(p -> p != null).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.compareTo(node.points()) != 0) {
            v.add(violation(path + ".points", "sum-mismatch",
                    "指标 " + node.code() + " 的分值 " + node.points().toPlainString() + " ≠ 下级指标分值之和 " + sum.toPlainString(),
                    "indicator " + node.code() + " has " + node.points().toPlainString() + " points but its children add up to " + sum.toPlainString()));
        }
        for (int i = 0; i < children.size(); i++) {
            sums(children.get(i), path + ".children[" + i + "]", v);
        }
    }

    private static void node(Indicator n, int level, String path, Set<String> codes, int scale, List<Violation> v) {
        String code = n.code() == null ? "?" : n.code();
        if (n.code() != null && !CODE.matcher(n.code()).matches()) {
            v.add(violation(path + ".code", "invalid-code", "指标代码只能由小写字母、数字和连字符组成：" + code,
                    "an indicator code is lowercase letters, digits and hyphens: " + code));
        }
        if (n.code() != null && !codes.add(n.code())) {
            v.add(violation(path + ".code", "duplicate-code", "指标代码重复：" + code, "duplicate indicator code " + code));
        }
        if (n.level() == null || n.level() != level) {
            v.add(violation(path + ".level", "wrong-level", "指标 " + code + " 应为 " + level + " 级指标",
                    "indicator " + code + " must be at level " + level));
        }
        if (n.points() != null && n.points().signum() < 0) {
            v.add(violation(path + ".points", "negative", "指标 " + code + " 的分值不能为负", "indicator " + code + " has negative points"));
        }
        places(n.points(), scale, code, path + ".points", v);
        List<Indicator> children = RubricDefinition.children(n);
        if (level < 3) {
            if (n.rule() != null) {
                v.add(violation(path + ".rule", "rule-on-group", "只有三级指标带评分规则：" + code, "only level-3 indicators carry a rule: " + code));
            }
            if (children.isEmpty()) {
                v.add(violation(path + ".children", "no-children", level + " 级指标 " + code + " 没有下级指标",
                        "level-" + level + " indicator " + code + " has no children"));
            }
            for (int i = 0; i < children.size(); i++) {
                node(children.get(i), level + 1, path + ".children[" + i + "]", codes, scale, v);
            }
            return;
        }
        if (!children.isEmpty()) {
            v.add(violation(path + ".children", "too-deep", "三级指标 " + code + " 不能再有下级指标", "level-3 indicator " + code + " cannot have children"));
        }
        if (n.rule() == null) {
            v.add(violation(path + ".rule", "required", "三级指标 " + code + " 缺少评分规则", "level-3 indicator " + code + " has no rule"));
            return;
        }
        rule(n.rule(), code, n.points(), scale, path + ".rule", v);
    }

    /** A score a rule gives as such lies within the indicator's points, at no more places than scores are rounded to. */
    private static void scoreWithin(BigDecimal points, String code, int scale, List<Violation> v, String path, BigDecimal score) {
        places(score, scale, code, path, v);
        if (score != null && points != null && (score.signum() < 0 || score.compareTo(points) > 0)) {
            v.add(violation(path, "out-of-range", "指标 " + code + " 的得分 " + score.toPlainString() + " 须在 0 到 " + points.toPlainString() + " 之间",
                    "indicator " + code + ": the score " + score.toPlainString() + " must be between 0 and its " + points.toPlainString() + " points"));
        }
    }

    private static void rule(Rule r, String code, BigDecimal points, int scale, String path, List<Violation> v) {
        unused(r, code, path, v);
        switch (r.kind()) {
            case RATE_CEILING -> {
                formulas(r, code, path, Formula.ResultType.NUMBER, v);
                required(r.ceiling(), code, path + ".ceiling", v);
                nonNegative(r.deductionPerPoint(), code, path + ".deductionPerPoint", v);
            }
            case RATE_FLOOR -> {
                formulas(r, code, path, Formula.ResultType.NUMBER, v);
                required(r.floor(), code, path + ".floor", v);
                nonNegative(r.deductionPerPoint(), code, path + ".deductionPerPoint", v);
            }
            case PER_OCCURRENCE -> {
                formulas(r, code, path, Formula.ResultType.NUMBER, v);
                nonNegative(r.deductionPerOccurrence(), code, path + ".deductionPerOccurrence", v);
            }
            case BANDS -> {
                formulas(r, code, path, Formula.ResultType.NUMBER, v);
                if (r.bands() == null || r.bands().isEmpty()) {
                    v.add(violation(path + ".bands", "required", "指标 " + code + " 缺少分段", "indicator " + code + " has no bands"));
                } else {
                    int before = v.size();
                    for (int i = 0; i < r.bands().size(); i++) {
                        Band b = r.bands().get(i);
                        scoreWithin(points, code, scale, v, path + ".bands[" + i + "].score", b.score());
                        if (b.min() != null && b.max() != null && b.min().compareTo(b.max()) > 0) {
                            v.add(violation(path + ".bands[" + i + "]", "empty-band", "指标 " + code + " 的分段下限大于上限",
                                    "indicator " + code + " has a band whose min exceeds its max"));
                        } else if (b.min() != null && b.max() != null && b.min().compareTo(b.max()) == 0
                                && !(Boolean.TRUE.equals(b.minInclusive()) && Boolean.TRUE.equals(b.maxInclusive()))) {
                            v.add(violation(path + ".bands[" + i + "]", "empty-band", "指标 " + code + " 的分段 " + describe(b) + " 不含任何值",
                                    "indicator " + code + "'s band " + describe(b) + " holds no value"));
                        }
                        if (b.min() == null && b.max() == null && r.bands().size() > 1) {
                            v.add(violation(path + ".bands[" + i + "]", "unbounded-band", "指标 " + code + " 的分段没有上下限",
                                    "indicator " + code + " has a band without bounds"));
                        }
                    }
                    if (v.size() == before) {
                        bandsMeet(r.bands(), code, path + ".bands", v);
                    }
                }
            }
            case CHECKLIST -> {
                if (r.items() == null || r.items().isEmpty()) {
                    v.add(violation(path + ".items", "required", "指标 " + code + " 缺少检查项", "indicator " + code + " has no checklist items"));
                } else {
                    for (int i = 0; i < r.items().size(); i++) {
                        ChecklistItem item = r.items().get(i);
                        formula(item.formula(), code, path + ".items[" + i + "].formula", Formula.ResultType.YES_NO, v);
                        scoreWithin(points, code, scale, v, path + ".items[" + i + "].points", item.points());
                    }
                }
            }
            case CONDITIONS -> {
                if (r.conditions() == null || r.conditions().isEmpty()) {
                    v.add(violation(path + ".conditions", "required", "指标 " + code + " 缺少条件", "indicator " + code + " has no conditions"));
                } else {
                    for (int i = 0; i < r.conditions().size(); i++) {
                        Condition c = r.conditions().get(i);
                        formula(c.when(), code, path + ".conditions[" + i + "].when", Formula.ResultType.YES_NO, v);
                        scoreWithin(points, code, scale, v, path + ".conditions[" + i + "].score", c.score());
                    }
                }
                scoreWithin(points, code, scale, v, path + ".otherwise", r.otherwise());
            }
            case EXPERT -> {
            }
        }
    }

    /**
     * A parameter the rule's kind does not read (a ceiling on a BANDS rule) is refused rather than
     * stored: it would be published, hashed and shown with the version, and scores nothing.
     */
    private static void unused(Rule r, String code, String path, List<Violation> v) {
        Set<String> reads = switch (r.kind()) {
            case RATE_CEILING -> Set.of("formula", "ceiling", "deductionPerPoint");
            case RATE_FLOOR -> Set.of("formula", "floor", "deductionPerPoint");
            case PER_OCCURRENCE -> Set.of("formula", "deductionPerOccurrence");
            case BANDS -> Set.of("formula", "bands");
            case CHECKLIST -> Set.of("items");
            case CONDITIONS -> Set.of("conditions", "otherwise");
            case EXPERT -> Set.of();
        };
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("formula", r.formula());
        parameters.put("ceiling", r.ceiling());
        parameters.put("floor", r.floor());
        parameters.put("deductionPerPoint", r.deductionPerPoint());
        parameters.put("deductionPerOccurrence", r.deductionPerOccurrence());
        parameters.put("bands", r.bands());
        parameters.put("items", r.items());
        parameters.put("conditions", r.conditions());
        parameters.put("otherwise", r.otherwise());
        parameters.forEach((name, value) -> {
            // an empty list says nothing (a form may send every list, empty): as if absent
            boolean present = value != null && !(value instanceof List<?> list && list.isEmpty());
            if (present && !reads.contains(name)) {
                v.add(violation(path + "." + name, "not-for-rule", "指标 " + code + "：" + r.kind() + " 规则不使用 " + name,
                        "indicator " + code + ": a " + r.kind() + " rule has no " + name));
            }
        });
    }

    /** The most points any level-3 indicator has; 0 for a rubric without any yet. */
    private static BigDecimal largestLeaf(List<Indicator> nodes) {
        BigDecimal most = BigDecimal.ZERO;
        for (Indicator n : nodes == null ? List.<Indicator>of() : nodes) {
            if (n == null) {
                continue;
            }
            BigDecimal here = n.children() != null && !n.children().isEmpty() ? largestLeaf(n.children()) : n.points();
            if (here != null && here.compareTo(most) > 0) {
                most = here;
            }
        }
        return most;
    }

    private static void formulas(Rule r, String code, String path, Formula.ResultType type, List<Violation> v) {
        if (r.formula() == null || r.formula().isEmpty()) {
            v.add(violation(path + ".formula", "required", "指标 " + code + " 缺少公式", "indicator " + code + " has no formula"));
            return;
        }
        for (int i = 0; i < r.formula().size(); i++) {
            formula(r.formula().get(i), code, path + ".formula[" + i + "]", type, v);
        }
    }

    private static void formula(String text, String code, String path, Formula.ResultType type, List<Violation> v) {
        if (text != null && text.length() > Formula.MAX_LENGTH) {
            v.add(violation(path, "formula-too-long", "指标 " + code + "：公式最多 " + Formula.MAX_LENGTH + " 个字符",
                    "indicator " + code + ": a formula has at most " + Formula.MAX_LENGTH + " characters"));
            return;
        }
        try {
            Formula f = Formula.parse(text);
            FormulaException problem = f.authoringProblem();
            if (problem != null) {
                throw problem;
            }
            Formula.ResultType gives = f.resultType();
            if (gives != Formula.ResultType.EITHER && gives != type) {
                v.add(violation(path, "formula-type", type == Formula.ResultType.NUMBER
                                ? "指标 " + code + "：此规则的公式须得出数值，而 " + text + " 得出是/否"
                                : "指标 " + code + "：此规则的公式须得出是/否，而 " + text + " 得出数值",
                        type == Formula.ResultType.NUMBER ? "indicator " + code + ": this rule needs a number, and " + text + " gives yes/no"
                                : "indicator " + code + ": this rule needs yes/no, and " + text + " gives a number"));
            }
        } catch (FormulaException e) {
            String what = e.kind == FormulaException.Kind.UNKNOWN_FIELD ? "unknown-field" : "formula-syntax";
            v.add(violation(path, what, "指标 " + code + "：" + e.zh, "indicator " + code + ": " + e.getMessage()));
        }
    }

    /**
     * The bands, in order of their lower bounds, meet end to end: no value falls in two (the first
     * would win without a word) and none between two (it would be "no band", not computable). A
     * bound without its inclusive flag is exclusive. Below the lowest band and above the highest
     * may stay uncovered.
     */
    private static void bandsMeet(List<Band> bands, String code, String path, List<Violation> v) {
        List<Band> sorted = new ArrayList<>(bands);
        sorted.sort((a, b) -> {
            if (a.min() == null || b.min() == null) {
                return a.min() == null ? (b.min() == null ? 0 : -1) : 1;
            }
            int c = a.min().compareTo(b.min());
            return c != 0 ? c : Boolean.compare(!Boolean.TRUE.equals(a.minInclusive()), !Boolean.TRUE.equals(b.minInclusive()));
        });
        for (int i = 1; i < sorted.size(); i++) {
            Band lower = sorted.get(i - 1);
            Band upper = sorted.get(i);
            String between = "指标 " + code + " 的分段 " + describe(lower) + " 与 " + describe(upper);
            String betweenEn = "indicator " + code + "'s bands " + describe(lower) + " and " + describe(upper);
            if (lower.max() == null || upper.min() == null) {
                v.add(violation(path, "band-overlap", between + " 重叠", betweenEn + " overlap"));
                return;
            }
            int c = lower.max().compareTo(upper.min());
            boolean lowerHas = Boolean.TRUE.equals(lower.maxInclusive());
            boolean upperHas = Boolean.TRUE.equals(upper.minInclusive());
            if (c > 0 || (c == 0 && lowerHas && upperHas)) {
                v.add(violation(path, "band-overlap", between + " 重叠", betweenEn + " overlap"));
                return;
            }
            if (c < 0 || !lowerHas && !upperHas) {
                v.add(violation(path, "band-gap", between + " 之间有空档：落在其间的值没有得分",
                        betweenEn + " leave a gap: a value between them has no score"));
                return;
            }
        }
    }

    private static String describe(Band b) {
        return (b.min() == null ? "(-∞" : (Boolean.TRUE.equals(b.minInclusive()) ? "[" : "(") + b.min().toPlainString()) + ", "
                + (b.max() == null ? "+∞)" : b.max().toPlainString() + (Boolean.TRUE.equals(b.maxInclusive()) ? "]" : ")"));
    }

    private static void required(BigDecimal value, String code, String path, List<Violation> v) {
        if (value == null) {
            v.add(violation(path, "required", "指标 " + code + " 缺少参数 " + path.substring(path.lastIndexOf('.') + 1),
                    "indicator " + code + " lacks " + path.substring(path.lastIndexOf('.') + 1)));
        }
    }

    private static void nonNegative(BigDecimal value, String code, String path, List<Violation> v) {
        required(value, code, path, v);
        if (value != null && value.signum() < 0) {
            v.add(violation(path, "negative", "指标 " + code + " 的扣分不能为负", "indicator " + code + ": a deduction cannot be negative"));
        }
    }

    private static Violation violation(String field, String code, String zh, String en) {
        return new Violation(field, code, Text.of(zh, en));
    }
}
