package cn.jixiao.reporting.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A small district whose every report number is computed by hand in the tests: three departments
 * (HD1 财政局 in 综合, HD2 教育局 and HD3 卫健局 in 教科文卫), fiscal years 2030 (cycle 301) and 2031
 * (cycle 311), three indicators (ind-a 5 points, ind-b 3 points, ind-c 5 points).
 *
 * <p>2031 arrives the way real deliveries do: HD1's revision 2 before its revision 1 (which must
 * be ignored), HD2's evaluation in version 1 then version 2 (review scores changed it), a
 * non-official re-score of HD3 (must not count) and one message delivered twice.
 */
public final class HandDistrict {

    public static final int Y1 = 2030;
    public static final int Y2 = 2031;
    public static final long C1 = 301;
    public static final long C2 = 311;

    private static boolean delivered;

    private HandDistrict() {
    }

    public static synchronized void ensureDelivered() {
        if (delivered) {
            return;
        }
        // 2030
        Messages.deliver(Messages.evaluation("HD1", "财政局", "综合", Y1, C1).totals("92.50", "95.00", "优")
                .indicator("ind-a", "5.00", "5.00", "5.00", null, false, false)
                .indicator("ind-b", "2.00", "2.00", "3.00", null, true, false)
                .indicator("ind-c", "4.50", null, "5.00", "4.50", false, false)
                .finance("250.40", "231.15", "201.15", "30.00", "19.25", "19.25", "4.90", "120.00").build());
        Messages.deliver(Messages.evaluation("HD2", "教育局", "教科文卫", Y1, C1).totals("85.00", "88.50", "良")
                .indicator("ind-a", "4.00", "4.00", "5.00", null, true, false)
                .indicator("ind-b", "3.00", "3.00", "3.00", null, false, false)
                .indicator("ind-c", "3.50", null, "4.00", "3.50", false, false)
                .finance("500.00", "480.00", "400.00", "80.00", "20.00", "35.00", "10.00", "300.00").build());
        Messages.deliver(Messages.evaluation("HD3", "卫健局", "教科文卫", Y1, C1).totals("85.00", null, "良")
                .indicator("ind-a", "5.00", "5.00", null, null, false, false)
                .indicator("ind-b", "2.00", null, null, null, false, true)
                .indicator("ind-c", "5.00", null, null, "5.00", false, false)
                .finance("100.00", "90.00", "70.00", "20.00", "10.00", "10.00", "2.00", "50.00").build());

        // 2031: HD1 revision 2 first, then its revision 1 late (ignored)
        ObjectNode hd1r2 = Messages.evaluation("HD1", "财政局", "综合", Y2, C2).revision(2).totals("78.00", "80.00", "中")
                .indicator("ind-a", "3.00", "3.00", "4.00", null, true, false)
                .indicator("ind-b", "3.00", "3.00", "3.00", null, false, false)
                .indicator("ind-c", "4.00", null, "4.00", "4.00", false, false)
                .finance("260.00", "240.00", "200.00", "40.00", "20.00", "39.25", "4.00", "125.00").build();
        assertEquals("APPLIED", Messages.deliver(hd1r2));
        ObjectNode hd1r1 = Messages.evaluation("HD1", "财政局", "综合", Y2, C2).revision(1).totals("60.00", "80.00", "中")
                .indicator("ind-a", "1.00", "1.00", "4.00", null, true, false)
                .indicator("ind-b", "1.00", "1.00", "3.00", null, true, false)
                .indicator("ind-c", "1.00", null, "4.00", "1.00", false, false)
                .finance("1.00", "1.00", "1.00", "0.00", "0.00", "0.00", "0.00", "1.00").build();
        assertEquals("SUPERSEDED", Messages.deliver(hd1r1));

        // HD2: version 1, then version 2 after review scores; the redelivery of version 2 is a duplicate
        String hd2Evaluation = UUID.randomUUID().toString();
        assertEquals("APPLIED", Messages.deliver(Messages.evaluation("HD2", "教育局", "教科文卫", Y2, C2).version(hd2Evaluation, 1)
                .totals("88.00", "90.00", "良")
                .indicator("ind-a", "4.00", "4.00", "5.00", null, true, false)
                .indicator("ind-b", "2.00", "2.00", "3.00", null, true, false)
                .indicator("ind-c", "5.00", null, "5.00", "5.00", false, false)
                .finance("550.00", "500.00", "420.00", "80.00", "50.00", "85.00", "9.00", "310.00").build()));
        ObjectNode hd2v2 = Messages.evaluation("HD2", "教育局", "教科文卫", Y2, C2).version(hd2Evaluation, 2)
                .totals("91.00", "90.00", "优")
                .indicator("ind-a", "5.00", "4.00", "5.00", "5.00", false, false)
                .indicator("ind-b", "2.50", "2.00", "3.00", "2.50", true, false)
                .indicator("ind-c", "5.00", null, "5.00", "5.00", false, false)
                .finance("550.00", "500.00", "420.00", "80.00", "50.00", "85.00", "9.00", "310.00").build();
        assertEquals("APPLIED", Messages.deliver(hd2v2));
        assertEquals("DUPLICATE", Messages.deliver(hd2v2));

        Messages.deliver(Messages.evaluation("HD3", "卫健局", "教科文卫", Y2, C2).totals("55.00", "70.00", "差")
                .indicator("ind-a", "2.00", "2.00", "5.00", null, true, false)
                .indicator("ind-b", "1.00", "1.00", "3.00", null, true, false)
                .indicator("ind-c", "2.00", null, "4.00", "2.00", false, false)
                .finance("90.00", "95.00", "75.00", "20.00", "-5.00", "5.00", "2.50", "50.00").build());
        // a re-score under another rubric version, for comparison only
        assertEquals("NOT_OFFICIAL", Messages.deliver(Messages.evaluation("HD3", "卫健局", "教科文卫", Y2, C2).official(false)
                .totals("99.00", "70.00", "优")
                .indicator("ind-a", "5.00", "5.00", "5.00", null, false, false)
                .indicator("ind-b", "3.00", "3.00", "3.00", null, false, false)
                .indicator("ind-c", "5.00", null, "4.00", "5.00", false, false)
                .finance("90.00", "95.00", "75.00", "20.00", "-5.00", "5.00", "2.50", "50.00").build()));
        delivered = true;
    }
}
