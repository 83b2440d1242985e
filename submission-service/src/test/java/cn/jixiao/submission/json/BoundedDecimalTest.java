package cn.jixiao.submission.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bound on decimals, at its edges: at most 20 digits on each side of the point, trailing zeros after it not counted. */
class BoundedDecimalTest {

    @ParameterizedTest
    @CsvSource({
            "0, true",
            "0E-30, true",
            "0E+30, true",
            "350.4, true",
            "-350.40, true",
            "500.0, true",
            "0.05, true",
            "99999999999999999999, true",
            "100000000000000000000, false",
            "1E+19, true",
            "1E+20, false",
            "-1E+20, false",
            "0.00000000000000000001, true",
            "0.000000000000000000001, false",
            "1E-20, true",
            "1E-21, false",
            "1E-999999999, false",
            "1E+999999999, false",
            "5.000000000000000000000000000000, true",
            "5.100000000000000000000000000000, true",
            "5.000000000000000000001000000000, false",
            "12345678901234567890.12345678901234567890, true",
            "12345678901234567890.123456789012345678901, false",
            "123456789012345678901.1, false",
            "12345678901234567890.1234567890123456789000000, true"})
    void holdable(String text, boolean expected) {
        assertEquals(expected, BoundedDecimal.holdable(new BigDecimal(text)), text);
    }
}
