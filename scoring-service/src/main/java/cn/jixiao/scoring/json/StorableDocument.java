package cn.jixiao.scoring.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * What a filing document read as a tree (a preview's content, a delivered message's content and
 * totals) may not hold: the typed readers ({@link BoundedDecimal}, {@link StorableText}) never see
 * a tree's values, so they are checked here, before anything is computed or stored.
 * <ul>
 * <li>A number with more than {@value #MAX_DIGITS} digits before or after the decimal point when
 * written out in full. {@code 1e999999999} reads as a valid decimal, but adding it to {@code 0.01}
 * (the department totals a preview sums) builds a number of a billion digits: minutes of CPU.</li>
 * <li>Text, a value or a field name, that PostgreSQL cannot store: a delivered message's texts end
 * up in the stored result.</li>
 * </ul>
 * submission-service refuses both where filings are read; this guards what is posted here directly.
 */
public final class StorableDocument {

    public static final int MAX_DIGITS = 20;

    /** The first value refused: its JSON path, {@code out-of-range} or the text's reason. */
    public record Finding(String field, StorableText.Reason unstorableText) {
        public String code() {
            return unstorableText == null ? "out-of-range"
                    : unstorableText == StorableText.Reason.NUL ? "unsupported-character" : "invalid-unicode";
        }

        private Finding under(String segment) {
            return new Finding(segment + field, unstorableText);
        }
    }

    private StorableDocument() {
    }

    /**
     * Whether the plain form, without trailing zeros after the point, has at most
     * {@link #MAX_DIGITS} digits on each side of it: 5.000…0 and 0E-30 are 5 and 0.
     */
    public static boolean holdable(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        // cheap even for 1e-999999999: the unscaled value has one digit
        BigDecimal v = value.scale() > 0 ? value.stripTrailingZeros() : value;
        long fractionDigits = v.scale();
        long integerDigits = (long) v.precision() - v.scale();
        return fractionDigits <= MAX_DIGITS && integerDigits <= MAX_DIGITS;
    }

    /** The first value of the tree refused, its path under {@code at}; null when there is none. */
    public static Finding firstUnstorable(JsonNode node, String at) {
        Finding f = walk(node);
        return f == null ? null : f.under(at);
    }

    // the path is built only for what is found, on the way back up: a clean 16 KB content builds none
    private static Finding walk(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.isInt() || node.isLong() || holdable(node.decimalValue()) ? null : new Finding("", null);
        }
        if (node.isTextual()) {
            StorableText.Reason r = StorableText.unstorable(node.textValue());
            return r == null ? null : new Finding("", r);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Finding f = walk(node.get(i));
                if (f != null) {
                    return f.under("[" + i + "]");
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                StorableText.Reason r = StorableText.unstorable(e.getKey());
                Finding f = r != null ? new Finding("", r) : walk(e.getValue());
                if (f != null) {
                    return f.under("." + e.getKey());
                }
            }
        }
        return null;
    }
}
