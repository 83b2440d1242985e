package cn.jixiao.scoring.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Numbers no filing could hold, found in a filing document read as a tree: more than
 * {@value #MAX_DIGITS} digits before or after the decimal point when written out in full. A short
 * text such as {@code 1e999999999} reads as a valid decimal, but adding it to {@code 0.01} (the
 * department totals a preview sums) builds a number of a billion digits: minutes of CPU per
 * request. submission-service refuses such numbers where they are read; documents posted here
 * directly (a preview, a delivered message) are checked with this before anything is computed.
 */
public final class BoundedNumbers {

    public static final int MAX_DIGITS = 20;

    private BoundedNumbers() {
    }

    /**
     * Whether the plain form, without trailing zeros after the point, has at most
     * {@link #MAX_DIGITS} digits on each side of it: 5.000…0 and 0E-30 are 5 and 0.
     */
    public static boolean holdable(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        BigDecimal v = value.scale() > 0 ? value.stripTrailingZeros() : value;
        long fractionDigits = v.scale();
        long integerDigits = (long) v.precision() - v.scale();
        return fractionDigits <= MAX_DIGITS && integerDigits <= MAX_DIGITS;
    }

    /** The JSON path, under {@code at}, of the first number beyond the bound; null when there is none. */
    public static String firstUnholdable(JsonNode node, String at) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.isInt() || node.isLong() || holdable(node.decimalValue()) ? null : at;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstUnholdable(node.get(i), at + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String found = firstUnholdable(e.getValue(), at + "." + e.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
