package cn.jixiao.reporting.export;

import java.util.Locale;
import java.util.Map;

/** The formats every report is offered in, by Accept header or {@code ?format=}. */
public final class ReportMedia {

    public static final String JSON = "application/json";
    public static final String CSV = "text/csv";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static final Map<String, String> BY_FORMAT = Map.of("json", JSON, "csv", CSV, "xlsx", XLSX);
    static final Map<String, String> EXTENSION = Map.of(JSON, "json", CSV, "csv", XLSX, "xlsx");

    private ReportMedia() {
    }

    /** The media type of a {@code format} value, or null when it is not one of ours. */
    public static String forFormat(String format) {
        return format == null ? null : BY_FORMAT.get(format.trim().toLowerCase(Locale.ROOT));
    }
}
