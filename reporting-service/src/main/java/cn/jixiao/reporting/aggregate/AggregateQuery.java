package cn.jixiao.reporting.aggregate;

import cn.jixiao.reporting.aggregate.Model.Aggregation;
import cn.jixiao.reporting.aggregate.Model.Dimension;
import cn.jixiao.reporting.aggregate.Model.Facts;
import cn.jixiao.reporting.aggregate.Model.Measure;
import cn.jixiao.reporting.aggregate.Model.Source;
import cn.jixiao.reporting.problem.ApiException;
import cn.jixiao.reporting.problem.ProblemType;
import cn.jixiao.reporting.problem.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed aggregate query: measures ({@code final_score} or {@code final_score.avg}, several
 * separated by {@code |}), drilldowns ({@code indicator|year}), cuts ({@code year:2020|group:教科文卫};
 * a dimension cut twice matches either value) and order ({@code final_score.avg:desc}).
 * Every name is checked against {@link Model}; an unknown one is refused with its name.
 */
record AggregateQuery(List<Ref> measures, List<Dimension> drilldown, Map<Dimension, List<Object>> cuts,
        List<Order> order, Source source) {

    record Ref(Measure measure, Aggregation aggregation) {
        String key() {
            return measure.id() + "." + aggregation.id;
        }
    }

    record Order(String key, boolean descending) {
    }

    static AggregateQuery parse(String measureParam, String drilldownParam, String cutParam, String orderParam,
            String forcedDepartment) {
        List<ApiException.Violation> errors = new ArrayList<>();
        List<Ref> refs = new ArrayList<>();
        if (measureParam == null || measureParam.isBlank()) {
            errors.add(violation("measure", "required", Text.of("至少需要一个度量（measure）", "at least one measure is required")));
        } else {
            for (String part : split(measureParam)) {
                String[] pieces = part.split("\\.", 2);
                Measure m = Model.MEASURES.get(pieces[0]);
                if (m == null) {
                    errors.add(violation("measure", "unknown-measure",
                            Text.of("未知的度量 " + pieces[0], "Unknown measure " + pieces[0])));
                    continue;
                }
                if (pieces.length == 1) {
                    m.defaults().forEach(a -> refs.add(new Ref(m, a)));
                } else {
                    Aggregation a = Aggregation.byId(pieces[1]).filter(m.aggregations()::contains).orElse(null);
                    if (a == null) {
                        errors.add(violation("measure", "unknown-aggregation", Text.of(
                                "度量 " + m.id() + " 不支持聚合 " + pieces[1] + "（可用：" + names(m) + "）",
                                "Measure " + m.id() + " has no aggregation " + pieces[1] + " (offered: " + names(m) + ")")));
                    } else {
                        refs.add(new Ref(m, a));
                    }
                }
            }
        }
        List<Dimension> drilldown = new ArrayList<>();
        for (String part : split(drilldownParam)) {
            Dimension d = Dimension.byId(part).orElse(null);
            if (d == null) {
                errors.add(violation("drilldown", "unknown-dimension", Text.of("未知的维度 " + part, "Unknown dimension " + part)));
            } else if (!drilldown.contains(d)) {
                drilldown.add(d);
            }
        }
        Map<Dimension, List<Object>> cuts = new LinkedHashMap<>();
        for (String part : split(cutParam)) {
            int colon = part.indexOf(':');
            String name = colon < 0 ? part : part.substring(0, colon);
            Dimension d = Dimension.byId(name).orElse(null);
            if (d == null || colon < 0) {
                errors.add(violation("cut", d == null ? "unknown-dimension" : "invalid-cut", d == null
                        ? Text.of("未知的切片维度 " + name, "Unknown cut dimension " + name)
                        : Text.of("切片 " + part + " 应写作 维度:值", "Cut " + part + " must be dimension:value")));
                continue;
            }
            String raw = part.substring(colon + 1);
            Object value = value(d, raw);
            if (value == null) {
                errors.add(violation("cut", "invalid-cut-value",
                        Text.of("切片 " + name + " 的值 " + raw + " 不合法", "Cut " + name + " has an invalid value " + raw)));
                continue;
            }
            cuts.computeIfAbsent(d, k -> new ArrayList<>()).add(value);
        }
        if (forcedDepartment != null) {
            List<Object> asked = cuts.get(Dimension.DEPARTMENT);
            List<Object> allowed = asked == null || asked.contains(forcedDepartment) ? List.of(forcedDepartment) : List.of();
            cuts.put(Dimension.DEPARTMENT, allowed);
        }
        Set<Facts> facts = new LinkedHashSet<>();
        refs.forEach(r -> facts.add(r.measure().facts()));
        Set<Dimension> used = new LinkedHashSet<>(drilldown);
        used.addAll(cuts.keySet());
        boolean needsIndicators = used.stream().anyMatch(d -> d.needs == Facts.INDICATOR);
        if (needsIndicators && facts.contains(Facts.RESULT)) {
            errors.add(violation("measure", "incompatible-measure", Text.of(
                    "部门结果类度量（" + resultMeasures(refs) + "）不能按指标维度汇总",
                    "Result measures (" + resultMeasures(refs) + ") cannot be broken down by indicator dimensions")));
        } else if (facts.size() > 1) {
            errors.add(violation("measure", "incompatible-measure", Text.of(
                    "部门结果类度量（" + resultMeasures(refs) + "）不能与指标类度量同时查询",
                    "Result measures (" + resultMeasures(refs) + ") cannot be combined with indicator measures")));
        }
        Facts chosen = needsIndicators || facts.contains(Facts.INDICATOR) ? Facts.INDICATOR : Facts.RESULT;
        boolean extremes = refs.stream().anyMatch(r -> r.aggregation() == Aggregation.MIN || r.aggregation() == Aggregation.MAX);
        List<Order> order = new ArrayList<>();
        for (String part : split(orderParam)) {
            String[] pieces = part.split(":", 2);
            boolean desc = pieces.length > 1 && pieces[1].equalsIgnoreCase("desc");
            boolean validDirection = pieces.length == 1 || pieces[1].equalsIgnoreCase("asc") || desc;
            boolean known = refs.stream().anyMatch(r -> r.key().equals(pieces[0]))
                    || drilldown.stream().anyMatch(d -> d.id.equals(pieces[0]));
            if (!known || !validDirection) {
                errors.add(violation("order", "unknown-order", Text.of(
                        "排序 " + part + " 必须是所查询的度量或下钻维度，方向为 asc 或 desc",
                        "Order " + part + " must name a requested measure or drilldown, direction asc or desc")));
            } else {
                order.add(new Order(pieces[0], desc));
            }
        }
        if (!errors.isEmpty()) {
            String first = errors.get(0).message().zh();
            String firstEn = errors.get(0).message().en();
            throw new ApiException(ProblemType.INVALID_INPUT,
                    Text.of(errors.size() == 1 ? first : first + " 等 " + errors.size() + " 处错误",
                            errors.size() == 1 ? firstEn : firstEn + " and " + (errors.size() - 1) + " more"), errors);
        }
        return new AggregateQuery(refs.stream().distinct().toList(), drilldown, cuts, order, Source.of(chosen, used, extremes));
    }

    private static Object value(Dimension d, String raw) {
        String v = raw.trim();
        try {
            return switch (d.type) {
                case INT -> Integer.valueOf(v);
                case LONG -> Long.valueOf(v);
                case GRADE -> List.of("优", "良", "中", "差").contains(v) ? v : null;
                case TEXT -> v.length() > 200 ? null : v;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String resultMeasures(List<Ref> refs) {
        return String.join(", ", refs.stream().filter(r -> r.measure().facts() == Facts.RESULT).map(r -> r.measure().id())
                .distinct().toList());
    }

    private static String names(Measure m) {
        return String.join(", ", m.aggregations().stream().map(a -> a.id).toList());
    }

    private static List<String> split(String param) {
        if (param == null || param.isBlank()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (String p : param.split("\\|")) {
            if (!p.isBlank()) {
                parts.add(p.trim());
            }
        }
        return parts;
    }

    private static ApiException.Violation violation(String field, String code, Text message) {
        return new ApiException.Violation(field, code, message);
    }
}
