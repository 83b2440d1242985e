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
 * kept as jsonb, written in plain form) or summing it into the district's aggregates cannot
 * succeed: it was a 500. No score or amount in 万元 comes near the bound, and the tables' own
 * limits are checked after this.
 */
public final class BoundedDecimal extends NumberDeserializers.BigDecimalDeserializer {

    public static final int MAX_DIGITS = 20;

    /** A decimal beyond the bound; Jackson adds the field's path on its way out. */
    public static final class OutOfRangeException extends MismatchedInputException {
        OutOfRangeException(JsonParser parser) {
            super(parser, "decimal with more than " + MAX_DIGITS + " digits before or after the point", BigDecimal.class);
        }
    }

    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        BigDecimal value = super.deserialize(p, ctxt);
        if (value != null && !holdable(value)) {
            throw new OutOfRangeException(p);
        }
        return value;
    }

    /** Whether the plain form has at most {@link #MAX_DIGITS} digits on each side of the point. */
    public static boolean holdable(BigDecimal value) {
        long fractionDigits = value.scale();
        long integerDigits = (long) value.precision() - value.scale();
        return fractionDigits <= MAX_DIGITS && integerDigits <= MAX_DIGITS;
    }
}
