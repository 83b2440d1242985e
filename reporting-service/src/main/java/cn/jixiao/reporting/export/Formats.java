package cn.jixiao.reporting.export;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Which of the offered formats a request gets (after {@code ?format=} has set its Accept). */
public final class Formats {

    private static final List<MediaType> OFFERED = List.of(MediaType.valueOf(ReportMedia.JSON),
            MediaType.valueOf(ReportMedia.CSV), MediaType.valueOf(ReportMedia.XLSX));

    private Formats() {
    }

    /** True when the answer is a spreadsheet (CSV or XLSX) rather than JSON. */
    public static boolean spreadsheet(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            for (MediaType offered : OFFERED) {
                if (accepted.isCompatible(offered)) {
                    return !offered.equals(OFFERED.get(0));
                }
            }
        }
        return false;
    }
}
