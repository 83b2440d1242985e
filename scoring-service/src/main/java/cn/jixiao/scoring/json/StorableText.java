package cn.jixiao.scoring.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * Every text field of a request body is refused, with its JSON path, when PostgreSQL could not
 * store it as sent: the character U+0000, which text and jsonb cannot hold, and an unpaired
 * UTF-16 surrogate (not valid Unicode), which encoding would silently turn into '?'. A request
 * can carry either only as an escape ({@code "\\u0000"}, {@code "\\uD800"}). Typed fields are
 * refused here; text inside a filing document read as a tree, by {@link StorableDocument}.
 */
public final class StorableText extends StringDeserializer {

    /** What makes a text unstorable; its messages name the field. */
    public enum Reason {
        NUL(" U+0000 字符", "the character U+0000"),
        UNPAIRED_SURROGATE("不成对的代理项（无效的 Unicode）", "an unpaired surrogate, which is not valid Unicode");

        public final String zh;
        public final String en;

        Reason(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }
    }

    /**
     * A text field holding what cannot be stored; Jackson adds the field's path on its way out.
     * An input mismatch, as the REST layer passes those on to our problem mappers unchanged.
     */
    public static final class UnstorableTextException extends MismatchedInputException {
        public final Reason reason;

        UnstorableTextException(JsonParser parser, Reason reason) {
            super(parser, "text holds " + reason.en, String.class);
            this.reason = reason;
        }
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = super.deserialize(p, ctxt);
        Reason reason = text == null ? null : unstorable(text);
        if (reason != null) {
            throw new UnstorableTextException(p, reason);
        }
        return text;
    }

    /** Null when the text can be stored as it is. */
    public static Reason unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return Reason.NUL;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Reason.UNPAIRED_SURROGATE;
            }
        }
        return null;
    }
}
