package cn.jixiao.scoring.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Every decimal of a typed request body (a review score, a rubric's points and bounds) is refused,
 * with its JSON path, beyond {@link StorableDocument}'s bound. {@code 1e-999999999} passes a range
 * check such as "between 0 and the points", and then rounding it to a score's scale overflows or
 * builds a power of ten of hundreds of megabytes. Filing documents, read as trees, are checked by
 * {@link StorableDocument} instead; JSON the service stored itself is read without the bound.
 */
public final class BoundedDecimal extends NumberDeserializers.BigDecimalDeserializer {

    public static final int MAX_DIGITS = StorableDocument.MAX_DIGITS;

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
        if (p.hasToken(JsonToken.VALUE_STRING) && !Boolean.TRUE.equals(ctxt.getAttribute(STORED_DATA)) && (p.getText().isBlank() || "null".equals(p.getText().trim()))) {
            // Jackson reads "" and "null" as null, and a null review score withdraws the
            // reviewer's score: a blank form field must not say that; only JSON null does
            throw InvalidFormatException.from(p, "blank or \"null\" text where a number belongs", p.getText(), BigDecimal.class);
        }
        BigDecimal value = super.deserialize(p, ctxt);
        if (value != null && !Boolean.TRUE.equals(ctxt.getAttribute(STORED_DATA)) && !StorableDocument.holdable(value)) {
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

}
