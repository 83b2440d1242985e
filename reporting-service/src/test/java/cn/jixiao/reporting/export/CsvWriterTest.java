package cn.jixiao.reporting.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A cell a spreadsheet would run as a formula is written as text; numbers and plain text as they are. */
class CsvWriterTest {

    @ParameterizedTest(name = "[{0}] → [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, value = {
            "=1+1|'=1+1",
            "+86 10 1234|'+86 10 1234",
            "-2+3|'-2+3",
            "@SUM(A1)|'@SUM(A1)",
            "-12.50|-12.50",
            "+3|+3",
            "交通局|交通局",
            "a,b|`\"a,b\"`",
            "say \"hi\"|`\"say \"\"hi\"\"\"`"})
    void formulasAreNeutralizedAndOtherTextKept(String value, String written) {
        assertEquals(written, CsvWriter.quote(value));
    }

    @Test
    void aFormulaAfterALeadingTabOrCarriageReturnIsNeutralizedToo() {
        // a spreadsheet skips a leading tab or carriage return and reads the formula after it
        assertEquals("'\t=1+1 @交通局", CsvWriter.quote("\t=1+1 @交通局"));
        assertEquals("\"'\r=1+1\"", CsvWriter.quote("\r=1+1"));
    }
}
