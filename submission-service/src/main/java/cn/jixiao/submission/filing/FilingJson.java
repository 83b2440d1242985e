package cn.jixiao.submission.filing;

import cn.jixiao.submission.json.BoundedDecimal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Filing content to and from JSON. The written form is canonical (fields in declaration order,
 * map keys sorted, decimals as typed), so its SHA-256 identifies the content. PostgreSQL keeps
 * the text as written (a draft as text since V12, a revision as json); rows stored before V6 read
 * back as PostgreSQL rendered their jsonb (its own key order, a space after colons and commas):
 * the same JSON, not the same text.
 */
@ApplicationScoped
public class FilingJson {

    @Inject
    ObjectMapper mapper;

    // bound once: every read and write of a filing goes through these
    private ObjectReader contentReader;
    private ObjectWriter contentWriter;
    private ObjectWriter contentUtf8Writer;
    private ObjectWriter totalsWriter;

    @PostConstruct
    void bind() {
        // stored contents are read as stored, whatever bound request bodies have since gained
        contentReader = mapper.readerFor(FilingContent.class).withAttribute(BoundedDecimal.STORED_DATA, Boolean.TRUE);
        contentWriter = mapper.writerFor(FilingContent.class);
        // a character beyond the basic plane (CJK Extension B, found in names) as its four UTF-8
        // bytes, as the text writer and String.getBytes give it, not as two \\u escapes: the
        // same content must give the same bytes, and so the same hash, on both paths
        contentUtf8Writer = contentWriter.with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
        totalsWriter = mapper.writerFor(FinanceTotals.class);
    }

    /**
     * The canonical content as text: the form every stored hash was first defined over. Services
     * write {@link #writeUtf8} since; this stays as the reference the tests hold it to.
     */
    String write(FilingContent content) {
        try {
            return contentWriter.writeValueAsString(content == null ? FilingContent.empty() : content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize filing content", e);
        }
    }

    /**
     * The same document as {@link #write}, written straight to UTF-8: for valid text the bytes are
     * exactly {@code write(content).getBytes(UTF_8)}. Writing it as text and encoding the text
     * again cost more (docs/performance.md, target 2). Text that could not be stored never gets
     * here: the request's reader refuses it (json.StorableText).
     */
    public byte[] writeUtf8(FilingContent content) {
        try {
            return contentUtf8Writer.writeValueAsBytes(content == null ? FilingContent.empty() : content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize filing content", e);
        }
    }

    /** The stored form of the department totals; null when there are none. */
    public String writeTotals(FinanceTotals totals) {
        if (totals == null) {
            return null;
        }
        try {
            return totalsWriter.writeValueAsString(totals);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize finance totals", e);
        }
    }

    public FilingContent read(String json) {
        try {
            return contentReader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored filing content does not match the current schema", e);
        }
    }

    /** A stored content as the database sent it (UTF-8), read without first decoding it to a string. */
    public FilingContent read(byte[] utf8) {
        try {
            return contentReader.readValue(utf8);
        } catch (IOException e) {
            throw new IllegalStateException("stored filing content does not match the current schema", e);
        }
    }

    /**
     * Stored JSON as a response carries it: PostgreSQL renders jsonb (the totals, and contents
     * stored before V6) with a space after every colon and comma, which is all this drops
     * (whitespace outside strings), so a stored document can be written to a response as it is
     * instead of being parsed and serialized again. A content stored since V6 (json, and a draft's
     * as text since V12) is already compact: it is scanned once and returned as it is, with
     * nothing copied (every GET passes here).
     */
    public static String compact(String json) {
        if (json == null) {
            return null;
        }
        int first = firstDroppable(json);
        if (first < 0) {
            return json;
        }
        int n = json.length();
        char[] out = new char[n];
        json.getChars(0, first, out, 0);
        int o = first;
        boolean inString = false;
        for (int i = first + 1; i < n; i++) {
            char c = json.charAt(i);
            if (inString) {
                out[o++] = c;
                if (c == '\\' && i + 1 < n) {
                    out[o++] = json.charAt(++i);
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out[o++] = c;
            } else if (!whitespace(c)) {
                out[o++] = c;
            }
        }
        return new String(out, 0, o);
    }

    /** The index of the first whitespace outside strings, or -1. */
    private static int firstDroppable(String json) {
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (whitespace(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    public static String sha256(String json) {
        return sha256(json.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] utf8) {
        return HexFormat.of().formatHex(sha256Digest().digest(utf8));
    }

    /** A fresh SHA-256 digest, for content hashed as it is written. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
