package cn.jixiao.submission.filing;

import cn.jixiao.submission.filing.FilingContent.Expenditure;
import cn.jixiao.submission.filing.FilingContent.FixedAssets;
import cn.jixiao.submission.filing.FilingContent.Income;
import cn.jixiao.submission.filing.FilingContent.SubUnitFinance;
import cn.jixiao.submission.filing.FilingContent.ThreePublic;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The department total (汇总) of its sub-units' finance figures, never typed: a figure is summed
 * over the sub-units that give it, and absent when none does. Computed when content is written and
 * stored with it (column finance_totals; V3 migration holds the same rule in SQL).
 */
@Schema(name = "FinanceTotals", description = "Department totals (汇总), the sum of the sub-units; computed, read-only")
public record FinanceTotals(Income income, Expenditure expenditure, ThreePublic threePublic, FixedAssets fixedAssets) {

    public static FinanceTotals of(List<SubUnitFinance> finance) {
        if (finance == null || finance.isEmpty()) {
            return null;
        }
        // a draft may hold an empty sub-unit entry (null); it adds nothing
        List<SubUnitFinance> rows = finance.stream().filter(x -> x != null).toList();
        List<Income> in = rows.stream().map(SubUnitFinance::income).filter(x -> x != null).toList();
        List<Expenditure> ex = rows.stream().map(SubUnitFinance::expenditure).filter(x -> x != null).toList();
        List<ThreePublic> tp = rows.stream().map(SubUnitFinance::threePublic).filter(x -> x != null).toList();
        List<FixedAssets> fa = rows.stream().map(SubUnitFinance::fixedAssets).filter(x -> x != null).toList();
        return new FinanceTotals(
                in.isEmpty() ? null : new Income(sum(in, Income::carryOver), sum(in, Income::publicFiscal),
                        sum(in, Income::governmentFund), sum(in, Income::specialAccountNonTax), sum(in, Income::other),
                        sum(in, Income::total)),
                ex.isEmpty() ? null : new Expenditure(sum(ex, Expenditure::personnel), sum(ex, Expenditure::publicUse),
                        sum(ex, Expenditure::basic), sum(ex, Expenditure::project), sum(ex, Expenditure::total),
                        sum(ex, Expenditure::balanceOfYear), sum(ex, Expenditure::accumulatedBalance)),
                tp.isEmpty() ? null : new ThreePublic(sum(tp, ThreePublic::reception), sum(tp, ThreePublic::vehicleOperation),
                        sum(tp, ThreePublic::vehiclePurchase), sum(tp, ThreePublic::overseasTravel), sum(tp, ThreePublic::total)),
                fa.isEmpty() ? null : new FixedAssets(sum(fa, FixedAssets::inUse), sum(fa, FixedAssets::leasedOut),
                        sum(fa, FixedAssets::other), sum(fa, FixedAssets::total)));
    }

    private static <T> BigDecimal sum(List<T> rows, Function<T, BigDecimal> field) {
        BigDecimal total = null;
        for (T row : rows) {
            BigDecimal v = field.apply(row);
            if (v != null) {
                total = total == null ? v : total.add(v);
            }
        }
        return total;
    }
}
