package cn.jixiao.reporting.export;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark, so that Excel shows the Chinese headers and
 * names; numbers are written plainly (no exponent, no thousands separator).
 */
@Provider
@Produces(ReportMedia.CSV)
public class CsvWriter implements MessageBodyWriter<Tabular> {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Tabular.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Tabular table, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException, WebApplicationException {
        headers.putSingle("Content-Type", ReportMedia.CSV + "; charset=UTF-8");
        out.write(render(table));
    }

    public static byte[] render(Tabular table) {
        StringBuilder sb = new StringBuilder();
        List<Tabular.Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(columns.get(i).header()));
        }
        sb.append("\r\n");
        for (List<Object> row : table.rows()) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object v = row.get(i);
                if (v instanceof BigDecimal d) {
                    sb.append(d.toPlainString());
                } else if (v != null) {
                    sb.append(quote(v.toString()));
                }
            }
            sb.append("\r\n");
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(text, 0, all, BOM.length, text.length);
        return all;
    }

    /**
     * Quotes a field when it holds a comma, quote or line break. A leading = + - @, tab or carriage
     * return is neutralized against formula injection (a spreadsheet skips a leading tab or CR and
     * reads the formula after it); a department's name is typed by people outside the bureau.
     */
    static String quote(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !isNumber(v)) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static boolean isNumber(String v) {
        try {
            new BigDecimal(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
