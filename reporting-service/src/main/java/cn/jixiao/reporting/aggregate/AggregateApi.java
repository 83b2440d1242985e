package cn.jixiao.reporting.aggregate;

import cn.jixiao.reporting.export.Tabular;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The aggregate API's answer, in the spirit of OpenSpending's babbage: cells, a summary, paging. */
public final class AggregateApi {

    private AggregateApi() {
    }

    @Schema(name = "AggregateMeasure")
    public record MeasureRef(@Schema(example = "final_score.avg") String ref, @Schema(example = "final_score") String measure,
            @Schema(enumeration = {"sum", "avg", "min", "max", "count"}) String aggregation, @Schema(example = "指标得分（平均）") String label) {
    }

    @Schema(name = "AggregateCut")
    public record CutRef(@Schema(example = "year") String dimension, @Schema(example = "2020") String value) {
    }

    @Schema(name = "AggregateResult", description = "Cells keyed by dimension (code, and `<dimension>.name` where it has one) and by measure reference `<measure>.<aggregation>`")
    public record AggregateResult(
            @Schema(description = "result: one fact per department, year and cycle; indicator: one per indicator of those") String facts,
            List<MeasureRef> measures, List<String> drilldown, List<CutRef> cuts, int page, int pageSize, long totalCellCount,
            @Schema(description = "The measures over every fact the cuts select") Map<String, Object> summary,
            List<Map<String, Object>> cells,
            @JsonIgnore @Schema(hidden = true) List<Column> spreadsheetColumns,
            @JsonIgnore @Schema(hidden = true) List<String> spreadsheetKeys) implements Tabular {

        public String sheetTitle() {
            return "绩效评价结果汇总";
        }

        public String fileName() {
            return "aggregate";
        }

        public List<Column> columns() {
            return spreadsheetColumns;
        }

        public List<List<Object>> rows() {
            List<List<Object>> rows = new ArrayList<>();
            for (Map<String, Object> cell : cells) {
                List<Object> row = new ArrayList<>();
                spreadsheetKeys.forEach(k -> row.add(cell.get(k)));
                rows.add(row);
            }
            return rows;
        }
    }
}
