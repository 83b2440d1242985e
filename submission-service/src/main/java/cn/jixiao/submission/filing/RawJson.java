package cn.jixiao.submission.filing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A JSON document written into a response as it is, not parsed and serialized again: stored
 * content read back as text, or content this request has just written as UTF-8. The bytes go to
 * the response unchanged; the text form (of content containing Chinese) would be re-encoded from
 * UTF-16 character by character, which was 8% of a create's CPU (docs/performance.md, target 2).
 */
@JsonSerialize(using = RawJson.Writer.class)
public final class RawJson {

    private final String text;
    private final byte[] utf8;

    private RawJson(String text, byte[] utf8) {
        this.text = text;
        this.utf8 = utf8;
    }

    /** Null for null, as a filing without totals has none. */
    public static RawJson of(String json) {
        return json == null ? null : new RawJson(json, null);
    }

    /** JSON as PostgreSQL renders a stored jsonb value, without its spaces ({@link FilingJson#compact}). */
    public static RawJson stored(String jsonb) {
        return of(FilingJson.compact(jsonb));
    }

    /** JSON already encoded as UTF-8; the array is not copied and must not change afterwards. */
    public static RawJson utf8(byte[] json) {
        return json == null ? null : new RawJson(null, json);
    }

    @Override
    public String toString() {
        return text != null ? text : new String(utf8, StandardCharsets.UTF_8);
    }

    static final class Writer extends StdSerializer<RawJson> {

        Writer() {
            super(RawJson.class);
        }

        @Override
        public void serialize(RawJson value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.utf8 != null) {
                gen.writeRawValue(new Utf8(value.utf8));
            } else {
                gen.writeRawValue(value.text);
            }
        }
    }

    /** UTF-8 bytes a UTF-8 generator copies as they are; other uses go through their text. */
    private static final class Utf8 implements SerializableString {

        private final byte[] bytes;
        private SerializedString asText;

        Utf8(byte[] bytes) {
            this.bytes = bytes;
        }

        private SerializedString text() {
            if (asText == null) {
                asText = new SerializedString(new String(bytes, StandardCharsets.UTF_8));
            }
            return asText;
        }

        @Override
        public String getValue() {
            return text().getValue();
        }

        @Override
        public int charLength() {
            return text().charLength();
        }

        @Override
        public char[] asQuotedChars() {
            return text().asQuotedChars();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return bytes;
        }

        @Override
        public byte[] asQuotedUTF8() {
            return text().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return text().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return text().appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return text().appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return text().writeQuotedUTF8(out);
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return text().putQuotedUTF8(buffer);
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) throws IOException {
            if (bytes.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }
    }
}
