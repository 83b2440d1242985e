package cn.jixiao.reporting.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Every decimal of a request body is refused, with its JSON path, when written out in full it
 * would have more than {@value #MAX_DIGITS} digits before or after the decimal point. A short
 * text such as {@code 1e999999999} reads as a valid BigDecimal, but storing it (the message is
 * kept as JSON, written in plain form) or summing it into the district's aggregates cannot
 * succeed: it was a 500. No score or amount in 万元 comes near the bound, and the tables' own
 * limits are checked after this.
 */
public final class BoundedDecimal extends NumberDeserializers.BigDecimalDeserializer {

    public static final int MAX_DIGITS = 20;

    /**
     * Reader attribute for JSON the service stored itself: read as it is. The bound is for what
     * clients send; a stored document that predates it must stay readable.
     */
    public static final String STORED_DATA = "jixiao.stored-data";

    /** A decimal beyond the bound; Jackson adds the field's path on its way out. */
    public static final class OutOfRangeException extends MismatchedInputException {
        OutOfRangeException(JsonParser parser) {
            super(parser, "decimal with more than " + MAX_DIGITS + " digits before or after the point", BigDecimal.class);
        }
    }

    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        BigDecimal value = super.deserialize(p, ctxt);
        if (value != null && !Boolean.TRUE.equals(ctxt.getAttribute(STORED_DATA)) && !holdable(value)) {
            throw new OutOfRangeException(p);
        }
        return value == null ? null : withinScale(value);
    }

    /**
     * The value with no more than {@link #MAX_DIGITS} places either side of the point. Trailing
     * zeros beyond that (5.000…0, 0E-10000, 0E+10000) say nothing the value does not; kept as
     * written, they stored a 10,000-digit number for a 5 and failed wherever the value was written
     * out in full (a 500). Kept in step with the other services' copies.
     */
    static BigDecimal withinScale(BigDecimal value) {
        if (value.scale() <= MAX_DIGITS && value.scale() >= -MAX_DIGITS) {
            return value;
        }
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
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
}
