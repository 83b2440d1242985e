package cn.jixiao.reporting.export;

import java.util.List;

/**
 * A report that can also be taken away as a spreadsheet: a title, a file name, Chinese column
 * headers and typed rows. JSON shows the report's own structure; CSV and XLSX show these rows.
 */
public interface Tabular {

    /** The sheet's name (Chinese, at most 31 characters). */
    String sheetTitle();

    /** The download's file name without extension, ASCII only (e.g. "ranking-2020"). */
    String fileName();

    List<Column> columns();

    /** Each row has one value per column: String, BigDecimal, Integer, Long or null. */
    List<List<Object>> rows();

    enum Kind { TEXT, INTEGER, DECIMAL }

    record Column(String header, Kind kind) {
        public static Column text(String header) {
            return new Column(header, Kind.TEXT);
        }

        public static Column integer(String header) {
            return new Column(header, Kind.INTEGER);
        }

        public static Column decimal(String header) {
            return new Column(header, Kind.DECIMAL);
        }
    }
}
