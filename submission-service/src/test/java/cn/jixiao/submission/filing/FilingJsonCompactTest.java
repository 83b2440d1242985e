package cn.jixiao.submission.filing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** What a response carries of a stored document: jsonb's rendering without its spaces, json's text as it is. */
class FilingJsonCompactTest {

    @Test
    void jsonbsRenderingLosesOnlyTheSpacesOutsideStrings() {
        String rendered = "{\"a\": 1, \"b\": [\"x y\", \"q \\\" r\"], \"c\": {\"d\": null}}";
        assertEquals("{\"a\":1,\"b\":[\"x y\",\"q \\\" r\"],\"c\":{\"d\":null}}", FilingJson.compact(rendered));
    }

    @Test
    void aCompactDocumentIsReturnedAsItIs() {
        String stored = "{\"name\":\"县 教育局\",\"quote\":\"a \\\\\",\"n\":[1,2]}";
        assertSame(stored, FilingJson.compact(stored));
        assertNull(FilingJson.compact(null));
    }

    @Test
    void anEscapedBackslashBeforeAQuoteEndsTheString() {
        // "a\\" is a string holding one backslash: the space after it is outside the string
        assertEquals("{\"k\":\"a\\\\\",\"m\":2}", FilingJson.compact("{\"k\": \"a\\\\\", \"m\": 2}"));
    }
}
