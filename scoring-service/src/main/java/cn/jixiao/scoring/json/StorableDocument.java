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
        return holdable(value, MAX_DIGITS);
    }

    /** The same, with at most {@code maxFractionDigits} digits after the point. */
    public static boolean holdable(BigDecimal value, int maxFractionDigits) {
        if (value.signum() == 0) {
            // 0E-10000 is a zero that fails wherever it is written out in full (a result's inputs)
            return value.scale() <= MAX_DIGITS && value.scale() >= -MAX_DIGITS;
        }
        // cheap even for 1e-999999999: the unscaled value has one digit
        BigDecimal v = value.scale() > 0 ? value.stripTrailingZeros() : value;
        long fractionDigits = v.scale();
        long integerDigits = (long) v.precision() - v.scale();
        return fractionDigits <= maxFractionDigits && integerDigits <= MAX_DIGITS;
    }

    /** The first value of the tree refused, its path under {@code at}; null when there is none. */
    public static Finding firstUnstorable(JsonNode node, String at) {
        Finding f = walk(node, MAX_DIGITS, true);
        return f == null ? null : f.under(at);
    }

    /**
     * The path under {@code at} of the first number with more than {@code places} digits after
     * the point (trailing zeros aside), or null; texts are not looked at.
     */
    public static String firstBeyondPlaces(JsonNode node, String at, int places) {
        Finding f = walk(node, places, false);
        return f == null ? null : f.under(at).field();
    }

    // the path is built only for what is found, on the way back up: a clean 16 KB content builds none
    private static Finding walk(JsonNode node, int maxFractionDigits, boolean texts) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.isInt() || node.isLong() || holdable(node.decimalValue(), maxFractionDigits) ? null : new Finding("", null);
        }
        if (!texts) {
            return walkChildren(node, maxFractionDigits, false);
        }
        if (node.isTextual()) {
            StorableText.Reason r = StorableText.unstorable(node.textValue());
            return r == null ? null : new Finding("", r);
        }
        return walkChildren(node, maxFractionDigits, true);
    }

    private static Finding walkChildren(JsonNode node, int maxFractionDigits, boolean texts) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Finding f = walk(node.get(i), maxFractionDigits, texts);
                if (f != null) {
                    return f.under("[" + i + "]");
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                StorableText.Reason r = texts ? StorableText.unstorable(e.getKey()) : null;
                Finding f = r != null ? new Finding("", r) : walk(e.getValue(), maxFractionDigits, texts);
                if (f != null) {
                    return f.under("." + e.getKey());
                }
            }
        }
        return null;
    }
}
