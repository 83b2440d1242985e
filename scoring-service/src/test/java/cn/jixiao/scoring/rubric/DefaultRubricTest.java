package cn.jixiao.scoring.rubric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.scoring.rubric.RubricDefinition.Indicator;
import cn.jixiao.scoring.support.Fixtures;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default rubric data file is DOMAIN.md §2: its codes, its points, and rules that parse. */
class DefaultRubricTest {

    static RubricDefinition load() throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper.treeToValue(mapper.readTree(Fixtures.resource("rubrics/department-overall-v1.json")).get("definition"),
                RubricDefinition.class);
    }

    @Test
    void pointsAddUpTo100AndEachLevelsChildrenToTheirParent() throws Exception {
        RubricDefinition def = load();
        assertEquals(0, new BigDecimal("100").compareTo(def.totalPoints()));
        def.forEachNode(node -> {
            if (node.children() != null && !node.children().isEmpty()) {
                BigDecimal sum = node.children().stream().map(Indicator::points).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertEquals(0, node.points().compareTo(sum), node.code() + ": " + node.points() + " ≠ " + sum);
            }
        });
        assertTrue(RubricValidator.forPublish(def).isEmpty(), () -> RubricValidator.forPublish(def).toString());
    }

    @Test
    void indicatorCodesAreThoseOfTheDomain() throws Exception {
        RubricDefinition def = load();
        assertEquals(List.of("input", "process", "output", "effect"), def.indicators().stream().map(Indicator::code).toList());
        List<String> level2 = new ArrayList<>();
        def.indicators().forEach(l1 -> l1.children().forEach(l2 -> level2.add(l2.code())));
        assertEquals(List.of("budget-allocation", "budget-execution", "budget-management", "asset-management", "duty-performance", "benefit"), level2);
        assertEquals(List.of("staff-control-rate", "three-public-change-rate", "key-expenditure-rate", "budget-adjustment-rate",
                "payment-progress", "fund-balance", "three-public-control-rate", "management-rules", "fund-compliance", "disclosure",
                "procurement-execution-rate", "official-card-rate", "asset-rules", "asset-safety", "fixed-asset-utilization",
                "output-xiaokang", "output-growth-pole", "output-work-report", "output-livelihood", "output-key-projects", "output-other",
                "effect-economic", "effect-social", "effect-ecological", "satisfaction"),
                def.leaves().stream().map(l -> l.indicator().code()).toList());
        assertEquals(List.of("5", "5", "5", "3", "3", "3", "6", "3", "3", "3", "3", "3", "3", "4", "3", "5", "7", "5", "2", "2", "4", "5", "5", "5", "5"),
                def.leaves().stream().map(l -> l.indicator().points().stripTrailingZeros().toPlainString()).toList());
    }

    @Test
    void everyLeafCarriesTheStandardsChineseWordingNextToItsRule() throws Exception {
        for (var leaf : load().leaves()) {
            Indicator i = leaf.indicator();
            assertNotNull(i.rule(), i.code());
            assertTrue(i.standard() != null && i.standard().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                    i.code() + " has no Chinese standard");
        }
    }

    @Test
    void gradesAndNotApplicablePolicyAreTheBureaus() throws Exception {
        RubricDefinition def = load();
        assertEquals(RubricDefinition.NotApplicableKind.FIXED_DEDUCTION, def.notApplicablePolicy().kind());
        assertEquals(0, BigDecimal.ONE.compareTo(def.notApplicablePolicy().amount()));
        assertEquals("优", cn.jixiao.scoring.evaluation.ScoringEngine.grade(def.gradeBands(), new BigDecimal("90")));
        assertEquals("良", cn.jixiao.scoring.evaluation.ScoringEngine.grade(def.gradeBands(), new BigDecimal("89.99")));
        assertEquals("良", cn.jixiao.scoring.evaluation.ScoringEngine.grade(def.gradeBands(), new BigDecimal("80")));
        assertEquals("中", cn.jixiao.scoring.evaluation.ScoringEngine.grade(def.gradeBands(), new BigDecimal("79.99")));
        assertEquals("中", cn.jixiao.scoring.evaluation.ScoringEngine.grade(def.gradeBands(), new BigDecimal("60")));
        assertEquals("差", cn.jixiao.scoring.evaluation.ScoringEngine.grade(def.gradeBands(), new BigDecimal("59.99")));
        assertEquals("差", cn.jixiao.scoring.evaluation.ScoringEngine.grade(def.gradeBands(), BigDecimal.ZERO));
    }
}
