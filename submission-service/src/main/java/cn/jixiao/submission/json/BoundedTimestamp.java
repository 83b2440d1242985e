package cn.jixiao.submission.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Every timestamp of a request body is refused, with its JSON path, outside the years
 * {@value #MIN_YEAR} to {@value #MAX_YEAR} (UTC). Java reads years up to a billion either way, and
 * PostgreSQL stores 4713 BC to 294276 AD: a deadline in the year 300000 passed every check here
 * and failed at the database as a 500. No cycle, deadline or evaluation lies outside four-digit
 * years, which is also all ISO 8601 promises without an agreement between the parties. (Kept in
 * step with the other services' copies.)
 */
public final class BoundedTimestamp extends StdScalarDeserializer<OffsetDateTime> {

    public static final int MIN_YEAR = 1;
    public static final int MAX_YEAR = 9999;

    /** A timestamp beyond the bound; Jackson adds the field's path on its way out. */
    public static final class OutOfRangeException extends MismatchedInputException {
        OutOfRangeException(JsonParser parser) {
            super(parser, "timestamp outside the years " + MIN_YEAR + " to " + MAX_YEAR + " (UTC)", OffsetDateTime.class);
        }
    }

    public BoundedTimestamp() {
        super(OffsetDateTime.class);
    }

    @Override
    public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        // read as Jackson's own reader does (ISO 8601, epoch numbers, the context's time zone)
        OffsetDateTime value = InstantDeserializer.OFFSET_DATE_TIME.deserialize(p, ctxt);
        // the instant's year in UTC, as the database keeps it: the reader may have moved the value
        // to the service's zone, where 9999-12-31T23:00Z is already the year 10000
        if (value != null && outside(value.withOffsetSameInstant(ZoneOffset.UTC).getYear())) {
            throw new OutOfRangeException(p);
        }
        return value;
    }

    private static boolean outside(int year) {
        return year < MIN_YEAR || year > MAX_YEAR;
    }
}
