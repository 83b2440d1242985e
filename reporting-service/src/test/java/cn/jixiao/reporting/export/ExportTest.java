package cn.jixiao.reporting.export;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.reporting.support.HandDistrict;
import cn.jixiao.reporting.support.Tokens;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every report as CSV (UTF-8 with BOM) and XLSX (typed cells, frozen header), read back and compared. */
@QuarkusTest
class ExportTest {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @BeforeEach
    void district() {
        HandDistrict.ensureDelivered();
    }

    @Test
    void rankingAsCsvHasABomAChineseHeaderAndTheValues() {
        Response r = given().auth().oauth2(Tokens.viewer()).accept("text/csv").get("/api/v1/reports/2030/ranking");
        r.then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", startsWith("attachment; filename=\"ranking-2030.csv\""));
        byte[] bytes = r.asByteArray();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));
        List<String> lines = Arrays.asList(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n"));
        assertEquals(List.of(
                "名次,部门编码,部门名称,部门分组,评价批次,评价得分,自评得分,评价等次",
                "1,HD1,财政局,综合,301,92.50,95.00,优",
                "2,HD2,教育局,教科文卫,301,85.00,88.50,良",
                "2,HD3,卫健局,教科文卫,301,85.00,,良"), lines);
    }

    /** A department's trend names the department on every row: the file alone says whose it is. */
    @Test
    void theTrendAsCsvNamesItsDepartment() {
        byte[] bytes = given().auth().oauth2(Tokens.viewer()).accept("text/csv").get("/api/v1/reports/departments/HD1/trend")
                .then().statusCode(200).extract().asByteArray();
        String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertTrue(lines[0].startsWith("部门编码,部门名称,年度,评价批次,评价得分"), lines[0]);
        assertTrue(lines.length > 1, "one row a year");
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].startsWith("HD1,财政局,"), lines[i]);
        }
    }

    @Test
    void formatParameterOverridesAccept() {
        Response r = given().auth().oauth2(Tokens.viewer()).accept("application/json").get("/api/v1/reports/2031/finance?format=csv");
        r.then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("finance-2031.csv"));
        String text = new String(r.asByteArray(), StandardCharsets.UTF_8).substring(1);
        String[] lines = text.split("\r\n");
        assertEquals("项目,项目名称,2031年（万元）,2030年（万元）,增减额（万元）,增减率（%）", lines[0]);
        assertEquals("incomeTotal,收入合计,900.00,850.40,49.60,5.83", lines[1]);
        assertEquals("threePublicTotal,三公经费合计,15.50,16.90,-1.40,-8.28", lines[7]);
    }

    @Test
    void everyReportIsOfferedAsCsvAndXlsx() {
        for (String path : List.of("/api/v1/reports/2030/ranking", "/api/v1/reports/2030/grades", "/api/v1/reports/2030/indicators",
                "/api/v1/reports/2030/self-assessment-gaps", "/api/v1/reports/2031/finance", "/api/v1/reports/departments/HD1/trend",
                "/api/v1/reports/aggregate?measure=final_score&drilldown=indicator&cut=year:2030")) {
            byte[] csv = given().auth().oauth2(Tokens.viewer()).accept("text/csv").get(path).then().statusCode(200)
                    .header("Content-Disposition", startsWith("attachment")).extract().asByteArray();
            assertEquals((byte) 0xEF, csv[0], path);
            // a zip has no charset
            given().auth().oauth2(Tokens.viewer()).accept(XLSX).get(path).then().statusCode(200).header("Content-Type", equalTo(XLSX))
                    .header("Content-Disposition", containsString(".xlsx"));
            given().auth().oauth2(Tokens.viewer()).get(path).then().statusCode(200).contentType("application/json")
                    .header("Content-Disposition", startsWith("inline"));
        }
    }

    @Test
    void indicatorsAsXlsxHaveTypedNumbersAndAFrozenHeader() throws IOException {
        byte[] bytes = given().auth().oauth2(Tokens.viewer()).queryParam("format", "xlsx").get("/api/v1/reports/2030/indicators")
                .then().statusCode(200).contentType(XLSX)
                .header("Content-Disposition", startsWith("attachment; filename=\"indicators-2030.xlsx\""))
                .extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertEquals("2030年度指标得分情况", sheet.getSheetName());
            assertTrue(sheet.getPaneInformation().isFreezePane());
            assertEquals(1, sheet.getPaneInformation().getHorizontalSplitTopRow());
            Row header = sheet.getRow(0);
            assertEquals("指标编码", header.getCell(0).getStringCellValue());
            assertEquals("平均得分", header.getCell(6).getStringCellValue());
            assertEquals("失分部门数", header.getCell(9).getStringCellValue());
            Row a = sheet.getRow(1);
            assertEquals("ind-a", a.getCell(0).getStringCellValue());
            assertEquals("财政供养人员控制率", a.getCell(1).getStringCellValue());
            assertEquals("投入", a.getCell(2).getStringCellValue());
            assertEquals(CellType.NUMERIC, a.getCell(4).getCellType());
            assertEquals(5.0, a.getCell(4).getNumericCellValue());
            assertEquals(CellType.NUMERIC, a.getCell(5).getCellType());
            assertEquals(3.0, a.getCell(5).getNumericCellValue());
            assertEquals(4.67, a.getCell(6).getNumericCellValue());
            assertEquals("0.00", a.getCell(6).getCellStyle().getDataFormatString());
            assertEquals(4.0, a.getCell(7).getNumericCellValue());
            assertEquals(1.0, a.getCell(9).getNumericCellValue());
            Row b = sheet.getRow(2);
            assertEquals("ind-b", b.getCell(0).getStringCellValue());
            assertEquals(2.33, b.getCell(6).getNumericCellValue());
            assertEquals(2.0, b.getCell(9).getNumericCellValue());
            assertEquals(4, sheet.getLastRowNum() + 1);
        }
    }

    @Test
    void rankingAsXlsxMatchesTheJson() throws IOException {
        byte[] bytes = given().auth().oauth2(Tokens.viewer()).accept(XLSX).get("/api/v1/reports/2031/ranking")
                .then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertEquals("名次", sheet.getRow(0).getCell(0).getStringCellValue());
            Row first = sheet.getRow(1);
            assertEquals(CellType.NUMERIC, first.getCell(0).getCellType());
            assertEquals(1.0, first.getCell(0).getNumericCellValue());
            assertEquals("HD2", first.getCell(1).getStringCellValue());
            assertEquals(91.0, first.getCell(5).getNumericCellValue());
            assertEquals("优", first.getCell(7).getStringCellValue());
            assertEquals(55.0, sheet.getRow(3).getCell(5).getNumericCellValue());
        }
    }

    /** Accept as RFC 9110 reads it: wildcards, the most specific range, q=0 as a refusal; never a q in the answer. */
    @Test
    void acceptRangesAndQualitiesDecideTheFormat() {
        String url = "/api/v1/reports/2030/grades";
        given().auth().oauth2(Tokens.viewer()).accept("application/*").get(url)
                .then().statusCode(200).header("Content-Type", startsWith("application/json")).body("fiscalYear", equalTo(2030));
        given().auth().oauth2(Tokens.viewer()).accept("*/*").get(url)
                .then().statusCode(200).header("Content-Type", startsWith("application/json"));
        given().auth().oauth2(Tokens.viewer()).accept("text/*").get(url)
                .then().statusCode(200).header("Content-Type", startsWith("text/csv"));
        given().auth().oauth2(Tokens.viewer()).accept("text/csv;q=0.5, application/json;q=0.9").get(url)
                .then().statusCode(200).header("Content-Type", equalTo("application/json;charset=UTF-8"));
        given().auth().oauth2(Tokens.viewer()).accept("*/*;q=0.1, text/csv").get(url)
                .then().statusCode(200).header("Content-Type", startsWith("text/csv"));
        given().auth().oauth2(Tokens.viewer()).accept("text/*, text/csv;q=0").get(url)
                .then().statusCode(406).contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).accept("text/csv;q=0, application/json;q=0").get(url)
                .then().statusCode(406).contentType("application/problem+json")
                .body("type", equalTo("https://jixiao.cn/problems/not-acceptable"));
        given().auth().oauth2(Tokens.viewer()).accept("text/csv;q=0").get(url)
                .then().statusCode(406).contentType("application/problem+json");
    }

    @Test
    void anUnsupportedAcceptIs406AndAnUnknownFormat400() {
        given().auth().oauth2(Tokens.viewer()).accept("application/xml").get("/api/v1/reports/2030/grades")
                .then().statusCode(406).contentType("application/problem+json")
                .body("type", equalTo("https://jixiao.cn/problems/not-acceptable"));
        given().auth().oauth2(Tokens.viewer()).header("Accept-Language", "en").get("/api/v1/reports/2030/grades?format=pdf")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("format"))
                .body("detail", containsString("pdf"));
    }

    @Test
    void aDistrictWideExportCarriesEveryRowWhileJsonIsPaged() {
        String csv = given().auth().oauth2(Tokens.viewer()).accept("text/csv").get("/api/v1/reports/2030/self-assessment-gaps")
                .then().statusCode(200).extract().asString();
        assertEquals(4, csv.split("\r\n").length);
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/reports/2030/self-assessment-gaps?size=1")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("totalItems", equalTo(3));
    }

    /** The aggregate's spreadsheets stopped at its JSON page of 100 cells, saying nothing: a column summed in Excel fell short. */
    @Test
    void anAggregateExportCarriesEveryCell() throws IOException {
        for (int d = 1; d <= 35; d++) {
            String dept = String.format("AX%02d", d);
            assertEquals("APPLIED", cn.jixiao.reporting.support.Messages.deliver(cn.jixiao.reporting.support.Messages
                    .evaluation(dept, "部门" + dept, "综合", 2097, 971).totals("80.00", null, "良")
                    .indicator("ind-a", "5.00", "5.00", null, null, false, false)
                    .indicator("ind-b", "2.00", "2.00", null, null, false, false)
                    .indicator("ind-c", "4.00", null, null, "4.00", false, false).build()));
        }
        String path = "/api/v1/reports/aggregate";
        java.util.Map<String, String> query = java.util.Map.of("measure", "final_score.sum", "drilldown", "department|indicator", "cut", "year:2097");
        given().auth().oauth2(Tokens.viewer()).queryParams(query).get(path).then().statusCode(200)
                .body("cells.size()", equalTo(100)).body("totalCellCount", equalTo(105)).body("pageSize", equalTo(100));
        String csv = given().auth().oauth2(Tokens.viewer()).accept("text/csv").queryParams(query).get(path).then().statusCode(200)
                .extract().asString();
        assertEquals(1 + 105, csv.split("\r\n").length);
        byte[] bytes = given().auth().oauth2(Tokens.viewer()).accept(XLSX).queryParams(query).get(path).then().statusCode(200)
                .extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            assertEquals(1 + 105, workbook.getSheetAt(0).getLastRowNum() + 1);
        }
        // a page asked for is a page, in any format
        csv = given().auth().oauth2(Tokens.viewer()).accept("text/csv").queryParams(query).queryParam("pageSize", 10).queryParam("page", 10)
                .get(path).then().statusCode(200).extract().asString();
        assertEquals(1 + 5, csv.split("\r\n").length);
    }
}
