package cn.jixiao.submission.filing;

import cn.jixiao.submission.filing.FilingContent.SubUnitFinance;
import cn.jixiao.submission.json.BoundedDecimal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JavaType;
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
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Filing content to and from JSON. The written form is canonical (fields in declaration order,
 * map keys sorted, decimals as typed, no whitespace outside strings), so its SHA-256 identifies
 * the content. PostgreSQL keeps the text as written (a draft as text since V12, a revision as
 * json); rows stored before V6 read back as PostgreSQL rendered their jsonb (its own key order, a
 * space after colons and commas): the same JSON, not the same text.
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
    private ObjectReader financeReader;
    private ObjectWriter financeUtf8Writer;

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
        JavaType financeList = mapper.getTypeFactory().constructCollectionType(List.class, SubUnitFinance.class);
        financeReader = mapper.readerFor(financeList).withAttribute(BoundedDecimal.STORED_DATA, Boolean.TRUE);
        financeUtf8Writer = mapper.writerFor(financeList).with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    }

    /** A stored content with its finance figures changed, and those figures. */
    public record FinanceRewrite(byte[] content, List<SubUnitFinance> finance) {
    }

    /**
     * The stored content (UTF-8) with its finance figures replaced by {@code change}'s result,
     * in canonical form. A finance import rewrites 2,000 drafts of 7 KB or more each and changes
     * only this section: reading and writing the whole content was most of its Java time on
     * filled-in drafts (bench/analysis.md, seventh session). So when the stored text is in
     * canonical form with a finance member, only that member's value is read, and the new one
     * written in its place: the same bytes as writing the whole changed content (fields keep
     * their order, the other sections their canonical text; FilingJsonSpliceTest holds the two
     * paths to each other). Anything else (no finance member yet, a row stored before V6 as
     * jsonb rendered it) is read and written whole, which makes it canonical.
     */
    public FinanceRewrite rewriteFinance(byte[] stored, UnaryOperator<List<SubUnitFinance>> change) {
        long span = financeSpan(stored);
        if (span < 0) {
            FilingContent content = read(stored);
            List<SubUnitFinance> finance = change.apply(content.finance() == null ? List.of() : content.finance());
            FilingContent updated = new FilingContent(content.basicInfo(), finance, content.baseData(), content.qualitativeGoals(),
                    content.quantitativeIndicators(), content.selfEvaluation(), content.report());
            return new FinanceRewrite(writeUtf8(updated), finance);
        }
        int from = (int) (span >>> 32);
        int to = (int) span;
        try {
            List<SubUnitFinance> finance = change.apply(financeReader.readValue(stored, from, to - from));
            byte[] value = financeUtf8Writer.writeValueAsBytes(finance);
            byte[] out = new byte[from + value.length + stored.length - to];
            System.arraycopy(stored, 0, out, 0, from);
            System.arraycopy(value, 0, out, from, value.length);
            System.arraycopy(stored, to, out, from + value.length, stored.length - to);
            return new FinanceRewrite(out, finance);
        } catch (IOException e) {
            throw new IllegalStateException("stored filing content does not match the current schema", e);
        }
    }

    private static final byte[] FINANCE_KEY = "\"finance\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * Where the value of the top-level {@code finance} member lies in a stored content (start in
     * the high 32 bits, end exclusive in the low), or -1 unless the text is one object in canonical
     * form holding a non-null finance array: whitespace outside a string, or anything after the
     * object, gives -1. Multi-byte UTF-8 sequences hold no ASCII byte, so the structure can be
     * read byte by byte. Nothing but the structure is checked: the stored text is this service's.
     */
    static long financeSpan(byte[] json) {
        int n = json.length;
        if (n < 2 || json[0] != '{') {
            return -1;
        }
        long found = -1;
        int i = 1;
        if (json[i] == '}') {
            return -1;
        }
        while (true) {
            if (json[i] != '"') {
                return -1;
            }
            boolean finance = startsWith(json, i, FINANCE_KEY);
            i = stringEnd(json, i);
            if (i < 0 || i >= n || json[i] != ':') {
                return -1;
            }
            int from = i + 1;
            i = valueEnd(json, from);
            if (i < 0 || i >= n) {
                return -1;
            }
            if (finance) {
                if (json[from] != '[') {
                    return -1;
                }
                found = ((long) from << 32) | i;
            }
            if (json[i] == '}') {
                return i == n - 1 ? found : -1;
            }
            if (json[i] != ',') {
                return -1;
            }
            i++;
        }
    }

    private static boolean startsWith(byte[] json, int at, byte[] prefix) {
        if (at + prefix.length > json.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (json[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** The index just after the string opening at {@code at}, or -1 if it never closes. */
    private static int stringEnd(byte[] json, int at) {
        for (int i = at + 1; i < json.length; i++) {
            if (json[i] == '\\') {
                i++;
            } else if (json[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The index just after the value starting at {@code at} (an object, array, string or
     * scalar), or -1 if it is cut short, unbalanced or holds whitespace outside its strings.
     */
    private static int valueEnd(byte[] json, int at) {
        int depth = 0;
        int i = at;
        while (i < json.length) {
            byte b = json[i];
            if (b == '"') {
                i = stringEnd(json, i);
                if (i < 0) {
                    return -1;
                }
                if (depth == 0) {
                    return i;
                }
                continue;
            }
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                return -1;
            }
            if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (depth == 0) {
                    return i == at ? -1 : i;
                }
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (b == ',' && depth == 0) {
                return i == at ? -1 : i;
            }
            i++;
        }
        return -1;
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
     * instead of being parsed and serialized again. A content stored as json since V6 is already
     * compact: it is scanned once and returned as it is, with nothing copied (every GET passes here).
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
