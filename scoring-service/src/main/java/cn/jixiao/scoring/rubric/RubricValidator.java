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
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a rubric version's content. On every save: the tree's shape, each rule's parameters,
 * and every formula (syntax, and that each field it names exists in the filing). On publish, in
 * addition: each level's children add up to the parent's points.
 */
public final class RubricValidator {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private RubricValidator() {
    }

    public static List<Violation> forSave(RubricDefinition def) {
        List<Violation> v = new ArrayList<>();
        if (def.notApplicablePolicy() != null && def.notApplicablePolicy().kind() == NotApplicableKind.FIXED_DEDUCTION
                && (def.notApplicablePolicy().amount() == null || def.notApplicablePolicy().amount().signum() < 0)) {
            v.add(violation("$.notApplicablePolicy.amount", "required", "固定扣分须给出不小于 0 的扣分值",
                    "FIXED_DEDUCTION needs a non-negative amount"));
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
        for (int i = 0; i < grades.size(); i++) {
            String grade = grades.get(i) == null ? null : grades.get(i).grade();
            // the grades DOMAIN.md names are the ones scoring stores and reporting counts
            if (grade != null && !GRADES.contains(grade)) {
                v.add(violation("$.gradeBands[" + i + "].grade", "unknown-grade", "等次须为 优、良、中、差 之一",
                        "a grade must be one of 优, 良, 中, 差"));
            }
        }
        Set<String> codes = new HashSet<>();
        List<Indicator> top = def.indicators() == null ? List.of() : def.indicators();
        for (int i = 0; i < top.size(); i++) {
            node(top.get(i), 1, "$.indicators[" + i + "]", codes, v);
        }
        return v;
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
        return v;
    }

    private static void sums(Indicator node, String path, List<Violation> v) {
        List<Indicator> children = RubricDefinition.children(node);
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

    private static void node(Indicator n, int level, String path, Set<String> codes, List<Violation> v) {
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
                node(children.get(i), level + 1, path + ".children[" + i + "]", codes, v);
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
        rule(n.rule(), code, path + ".rule", v);
    }

    private static void rule(Rule r, String code, String path, List<Violation> v) {
        switch (r.kind()) {
            case RATE_CEILING -> {
                formulas(r, code, path, v);
                required(r.ceiling(), code, path + ".ceiling", v);
                nonNegative(r.deductionPerPoint(), code, path + ".deductionPerPoint", v);
            }
            case RATE_FLOOR -> {
                formulas(r, code, path, v);
                required(r.floor(), code, path + ".floor", v);
                nonNegative(r.deductionPerPoint(), code, path + ".deductionPerPoint", v);
            }
            case PER_OCCURRENCE -> {
                formulas(r, code, path, v);
                nonNegative(r.deductionPerOccurrence(), code, path + ".deductionPerOccurrence", v);
            }
            case BANDS -> {
                formulas(r, code, path, v);
                if (r.bands() == null || r.bands().isEmpty()) {
                    v.add(violation(path + ".bands", "required", "指标 " + code + " 缺少分段", "indicator " + code + " has no bands"));
                } else {
                    for (int i = 0; i < r.bands().size(); i++) {
                        Band b = r.bands().get(i);
                        if (b.min() != null && b.max() != null && b.min().compareTo(b.max()) > 0) {
                            v.add(violation(path + ".bands[" + i + "]", "empty-band", "指标 " + code + " 的分段下限大于上限",
                                    "indicator " + code + " has a band whose min exceeds its max"));
                        }
                        if (b.min() == null && b.max() == null && r.bands().size() > 1) {
                            v.add(violation(path + ".bands[" + i + "]", "unbounded-band", "指标 " + code + " 的分段没有上下限",
                                    "indicator " + code + " has a band without bounds"));
                        }
                    }
                }
            }
            case CHECKLIST -> {
                if (r.items() == null || r.items().isEmpty()) {
                    v.add(violation(path + ".items", "required", "指标 " + code + " 缺少检查项", "indicator " + code + " has no checklist items"));
                } else {
                    for (int i = 0; i < r.items().size(); i++) {
                        ChecklistItem item = r.items().get(i);
                        formula(item.formula(), code, path + ".items[" + i + "].formula", v);
                    }
                }
            }
            case CONDITIONS -> {
                if (r.conditions() == null || r.conditions().isEmpty()) {
                    v.add(violation(path + ".conditions", "required", "指标 " + code + " 缺少条件", "indicator " + code + " has no conditions"));
                } else {
                    for (int i = 0; i < r.conditions().size(); i++) {
                        Condition c = r.conditions().get(i);
                        formula(c.when(), code, path + ".conditions[" + i + "].when", v);
                    }
                }
            }
            case EXPERT -> {
            }
        }
    }

    private static void formulas(Rule r, String code, String path, List<Violation> v) {
        if (r.formula() == null || r.formula().isEmpty()) {
            v.add(violation(path + ".formula", "required", "指标 " + code + " 缺少公式", "indicator " + code + " has no formula"));
            return;
        }
        for (int i = 0; i < r.formula().size(); i++) {
            formula(r.formula().get(i), code, path + ".formula[" + i + "]", v);
        }
    }

    private static void formula(String text, String code, String path, List<Violation> v) {
        try {
            Formula.parse(text);
        } catch (FormulaException e) {
            String what = e.kind == FormulaException.Kind.UNKNOWN_FIELD ? "unknown-field" : "formula-syntax";
            v.add(violation(path, what, "指标 " + code + "：" + e.zh, "indicator " + code + ": " + e.getMessage()));
        }
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
