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

    /**
     * The offered format an Accept header asks for, as RFC 9110 reads it: each offered type takes
     * the quality of the most specific range that matches it ({@code text/csv} before
     * {@code text/*} before {@code *}{@code /*}), one not matched or at {@code q=0} is refused, and
     * the highest quality wins, JSON before CSV before XLSX on a tie. Null when none is acceptable.
     * JAX-RS's own choice gave {@code application/*} a Java object's toString as
     * application/octet-stream, served a type its client had refused with {@code q=0}, and copied
     * the {@code q} into Content-Type; so a report's Accept is decided here and replaced by the
     * one concrete type chosen.
     */
    public static MediaType negotiate(String accept) {
        MediaType best = null;
        double bestQuality = 0;
        for (MediaType offered : OFFERED) {
            double quality = quality(accept, offered);
            if (quality > bestQuality) {
                best = offered;
                bestQuality = quality;
            }
        }
        return best;
    }

    private static double quality(String accept, MediaType offered) {
        int specificity = -1;
        double quality = 0;
        for (String range : accept.split(",")) {
            MediaType type;
            double q;
            try {
                if (range.isBlank()) {
                    continue;
                }
                type = MediaType.valueOf(range.trim());
                String given = type.getParameters().get("q");
                q = given == null ? 1 : Double.parseDouble(given);
            } catch (IllegalArgumentException e) {
                continue; // a range no one can read asks for nothing (NumberFormatException included)
            }
            if (q < 0 || q > 1 || !type.isCompatible(offered)) {
                continue;
            }
            int s = type.isWildcardType() ? 0 : type.isWildcardSubtype() ? 1 : 2;
            if (s > specificity) {
                specificity = s;
                quality = q;
            }
        }
        return quality;
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
