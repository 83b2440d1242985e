package cn.jixiao.reporting.aggregate;

import cn.jixiao.reporting.aggregate.AggregateApi.AggregateResult;
import cn.jixiao.reporting.aggregate.AggregateApi.CutRef;
import cn.jixiao.reporting.aggregate.AggregateApi.MeasureRef;
import cn.jixiao.reporting.aggregate.AggregateQuery.Order;
import cn.jixiao.reporting.aggregate.AggregateQuery.Ref;
import cn.jixiao.reporting.aggregate.Model.Dimension;
import cn.jixiao.reporting.aggregate.Model.Exprs;
import cn.jixiao.reporting.aggregate.Model.Source;
import cn.jixiao.reporting.db.Db;
import cn.jixiao.reporting.export.Tabular;
import cn.jixiao.reporting.report.ReportQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link AggregateQuery}: one GROUP BY over the chosen source whose SQL text is built
 * only from {@link Model}'s fixed fragments; cut values are bound parameters.
 */
@ApplicationScoped
public class AggregateService {

    @Inject
    Db db;

    public AggregateResult aggregate(String measure, String drilldown, String cut, String order, int page, int pageSize,
            String forcedDepartment) {
        AggregateQuery q = AggregateQuery.parse(measure, drilldown, cut, order, forcedDepartment);
        Source s = q.source();
        List<Object> whereParams = new ArrayList<>();
        String where = where(q, whereParams);

        List<String> selects = new ArrayList<>();
        for (int i = 0; i < q.drilldown().size(); i++) {
            Dimension d = q.drilldown().get(i);
            selects.add(d.column + " AS d" + i);
            if (d.nameColumn != null) {
                selects.add("max(" + d.nameColumn + ") AS n" + i);
            }
        }
        selects.addAll(measureSelects(q, s));
        String groupBy = q.drilldown().isEmpty() ? "" : " GROUP BY " + String.join(", ", q.drilldown().stream().map(d -> d.column).toList());

        List<String> orderBy = new ArrayList<>();
        for (Order o : q.order()) {
            orderBy.add(orderExpression(q, s, o.key()) + (o.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST"));
        }
        q.drilldown().forEach(d -> orderBy.add(d.column));

        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", selects)).append(" FROM ").append(s.table)
                .append(where).append(groupBy);
        if (!orderBy.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", orderBy));
        }
        sql.append(" LIMIT ? OFFSET ?");
        List<Object> params = new ArrayList<>(whereParams);
        params.add(pageSize);
        params.add((long) page * pageSize);

        List<Map<String, Object>> cells = db.query(sql.toString(), rs -> cell(q, rs), params.toArray());
        // a page that is not full is the last one: it tells how many cells there are without counting them again
        boolean lastPage = cells.size() < pageSize && (page == 0 || !cells.isEmpty());
        long total = q.drilldown().isEmpty() ? 1 : lastPage ? (long) page * pageSize + cells.size()
                : db.one("SELECT count(*) FROM (SELECT 1 FROM " + s.table + where + groupBy + ") x", rs -> rs.getLong(1),
                        whereParams.toArray()).orElse(0L);
        String summarySql = "SELECT " + String.join(", ", measureSelects(q, s)) + " FROM " + s.table + where;
        Map<String, Object> summary = db.one(summarySql, rs -> measures(q, rs, new LinkedHashMap<>()), whereParams.toArray())
                .orElseThrow();

        List<Tabular.Column> columns = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Dimension d : q.drilldown()) {
            columns.add(d.type == Model.ValueType.INT || d.type == Model.ValueType.LONG ? Tabular.Column.integer(d.label)
                    : Tabular.Column.text(d.label));
            keys.add(d.id);
            if (d.nameColumn != null) {
                columns.add(Tabular.Column.text(d.nameLabel));
                keys.add(d.id + ".name");
            }
        }
        List<MeasureRef> refs = new ArrayList<>();
        for (Ref r : q.measures()) {
            String label = r.measure().label() + "（" + r.aggregation().label + "）";
            refs.add(new MeasureRef(r.key(), r.measure().id(), r.aggregation().id, label));
            columns.add(r.aggregation() == Model.Aggregation.COUNT ? Tabular.Column.integer(label) : Tabular.Column.decimal(label));
            keys.add(r.key());
        }
        List<CutRef> cutRefs = new ArrayList<>();
        q.cuts().forEach((d, values) -> values.forEach(v -> cutRefs.add(new CutRef(d.id, String.valueOf(v)))));
        return new AggregateResult(s.facts.name().toLowerCase(java.util.Locale.ROOT), refs,
                q.drilldown().stream().map(d -> d.id).toList(), cutRefs, page, pageSize, total, summary, cells, columns, keys);
    }

    private static String where(AggregateQuery q, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        q.cuts().forEach((d, values) -> {
            if (values.isEmpty()) {
                conditions.add("FALSE");
            } else {
                conditions.add(d.column + " IN (" + String.join(", ", values.stream().map(v -> "?").toList()) + ")");
                params.addAll(values);
            }
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static List<String> measureSelects(AggregateQuery q, Source s) {
        List<String> selects = new ArrayList<>();
        for (int j = 0; j < q.measures().size(); j++) {
            Ref r = q.measures().get(j);
            Exprs e = r.measure().on(s);
            switch (r.aggregation()) {
                case SUM -> selects.add(e.sum() + " AS m" + j);
                case AVG -> {
                    selects.add(e.sum() + " AS m" + j + "s");
                    selects.add(e.count() + " AS m" + j + "c");
                }
                case MIN -> selects.add(e.min() + " AS m" + j);
                case MAX -> selects.add(e.max() + " AS m" + j);
                case COUNT -> selects.add(e.count() + " AS m" + j);
            }
        }
        return selects;
    }

    private static String orderExpression(AggregateQuery q, Source s, String key) {
        for (Dimension d : q.drilldown()) {
            if (d.id.equals(key)) {
                return d.column;
            }
        }
        for (Ref r : q.measures()) {
            if (r.key().equals(key)) {
                Exprs e = r.measure().on(s);
                return switch (r.aggregation()) {
                    case SUM -> e.sum();
                    case AVG -> "(" + e.sum() + ")::numeric / nullif(" + e.count() + ", 0)";
                    case MIN -> e.min();
                    case MAX -> e.max();
                    case COUNT -> e.count();
                };
            }
        }
        throw new IllegalStateException("order key was validated: " + key);
    }

    private static Map<String, Object> cell(AggregateQuery q, ResultSet rs) throws SQLException {
        Map<String, Object> cell = new LinkedHashMap<>();
        for (int i = 0; i < q.drilldown().size(); i++) {
            Dimension d = q.drilldown().get(i);
            Object value = switch (d.type) {
                case INT -> rs.getInt("d" + i);
                case LONG -> rs.getLong("d" + i);
                default -> {
                    String v = rs.getString("d" + i);
                    yield d == Dimension.GROUP && v != null && v.isEmpty() ? null : v;
                }
            };
            cell.put(d.id, value);
            if (d.nameColumn != null) {
                cell.put(d.id + ".name", rs.getString("n" + i));
            }
        }
        return measures(q, rs, cell);
    }

    private static Map<String, Object> measures(AggregateQuery q, ResultSet rs, Map<String, Object> cell) throws SQLException {
        for (int j = 0; j < q.measures().size(); j++) {
            Ref r = q.measures().get(j);
            Object value = switch (r.aggregation()) {
                case COUNT -> rs.getLong("m" + j);
                case AVG -> ReportQueries.average(rs.getBigDecimal("m" + j + "s"), rs.getLong("m" + j + "c"));
                default -> scale(rs.getBigDecimal("m" + j));
            };
            cell.put(r.key(), value);
        }
        return cell;
    }

    private static BigDecimal scale(BigDecimal v) {
        return v == null ? null : v.setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
