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
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * An Excel workbook (Apache POI): one sheet, a bold Chinese header row frozen at the top,
 * numeric cells typed as numbers (two decimals for scores and amounts), text as text. Streams
 * rows (SXSSF) so that a district-wide export does not hold the whole sheet in memory.
 */
@Provider
@Produces(ReportMedia.XLSX)
public class XlsxWriter implements MessageBodyWriter<Tabular> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Tabular.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Tabular table, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException, WebApplicationException {
        // a workbook is a zip: without this the framework adds "charset=UTF-8", which means nothing for it
        headers.putSingle("Content-Type", ReportMedia.XLSX);
        write(table, out);
    }

    public static void write(Tabular table, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(500)) {
            Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(table.sheetTitle()));
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle header = workbook.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            CellStyle decimal = workbook.createCellStyle();
            decimal.setDataFormat(workbook.createDataFormat().getFormat("0.00"));
            CellStyle integer = workbook.createCellStyle();
            integer.setDataFormat(workbook.createDataFormat().getFormat("0"));

            List<Tabular.Column> columns = table.columns();
            Row head = sheet.createRow(0);
            for (int c = 0; c < columns.size(); c++) {
                Cell cell = head.createCell(c);
                cell.setCellValue(columns.get(c).header());
                cell.setCellStyle(header);
                sheet.setColumnWidth(c, Math.min(60, Math.max(12, columns.get(c).header().length() * 2 + 4)) * 256);
            }
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (List<Object> values : table.rows()) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < values.size(); c++) {
                    Object v = values.get(c);
                    if (v == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (v instanceof BigDecimal d) {
                        cell.setCellValue(d.doubleValue());
                        cell.setCellStyle(columns.get(c).kind() == Tabular.Kind.INTEGER ? integer : decimal);
                    } else if (v instanceof Integer || v instanceof Long) {
                        cell.setCellValue(((Number) v).longValue());
                        cell.setCellStyle(integer);
                    } else {
                        cell.setCellValue(v.toString());
                    }
                }
            }
            workbook.write(out);
            workbook.dispose();
        }
    }
}
