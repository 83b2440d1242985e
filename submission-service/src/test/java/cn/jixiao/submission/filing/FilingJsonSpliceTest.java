package cn.jixiao.submission.filing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.filing.FilingContent.SubUnitFinance;
import cn.jixiao.submission.support.Fixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A finance import replaces only the finance member of a stored canonical content: the bytes must
 * be exactly those of reading the whole content, changing its figures and writing it again, for
 * any text the other sections hold; a content not in that form is read and written whole.
 */
@QuarkusTest
class FilingJsonSpliceTest {

    @Inject
    FilingJson json;

    @Inject
    ObjectMapper mapper;

    /** The whole-content path, the reference the splice is held to. */
    private byte[] readAndWriteWhole(byte[] stored, UnaryOperator<List<SubUnitFinance>> change) {
        FilingContent content = json.read(stored);
        List<SubUnitFinance> finance = change.apply(content.finance() == null ? List.of() : content.finance());
        return json.writeUtf8(new FilingContent(content.basicInfo(), finance, content.baseData(), content.qualitativeGoals(),
                content.quantitativeIndicators(), content.selfEvaluation(), content.report()));
    }

    /** Replaces the first sub-unit's figures with another's and adds a sub-unit, as an import may. */
    private static UnaryOperator<List<SubUnitFinance>> importing(SubUnitFinance figures, String newName) {
        return current -> {
            List<SubUnitFinance> next = new ArrayList<>(current);
            if (!next.isEmpty()) {
                SubUnitFinance first = next.get(0);
                next.set(0, new SubUnitFinance(first.subUnitCode(), first.subUnitName(), figures.income(), figures.expenditure(),
                        figures.threePublic(), figures.fixedAssets()));
            }
            next.add(new SubUnitFinance("D001-09", newName, figures.income(), figures.expenditure(), figures.threePublic(),
                    figures.fixedAssets()));
            return next;
        };
    }

    /** Text with what could confuse a scanner of the structure: quotes, backslashes, braces, the key itself. */
    private static String trickyText(Random r) {
        String[] pieces = {"\"finance\":[", "\\\"finance\\\":[", "\\", "\"", "}", "]", "{", "[", ",", ":", " ", "\n", "\t",
            "县教育局", "𠀋", "\u0001", "\u2028", "ａｂｃ", "finance", "\"}]"};
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(pieces[r.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    private byte[] canonical(ObjectNode content) throws Exception {
        return json.writeUtf8(mapper.treeToValue(content, FilingContent.class));
    }

    @Test
    void onlyTheFinanceMemberIsRewrittenAndTheBytesAreTheWholeWritesBytes() throws Exception {
        Random r = new Random(20261127);
        for (int round = 0; round < 300; round++) {
            ObjectNode content = Fixtures.validContent("D001");
            ((ObjectNode) content.get("basicInfo")).put("contactName", trickyText(r));
            ((ObjectNode) content.get("basicInfo")).put("overallOperation", trickyText(r));
            ((ObjectNode) content.get("report")).put("problems", trickyText(r));
            ArrayNode finance = (ArrayNode) content.get("finance");
            ((ObjectNode) finance.get(r.nextInt(finance.size()))).put("subUnitName", trickyText(r));
            if (r.nextInt(10) == 0) {
                finance.removeAll();
            }
            byte[] stored = canonical(content);
            assertTrue(FilingJson.financeSpan(stored) >= 0, "a canonical content with finance is spliced");
            SubUnitFinance figures = mapper.treeToValue(Fixtures.validContent("D001").get("finance").get(1), SubUnitFinance.class);
            UnaryOperator<List<SubUnitFinance>> change = importing(figures, trickyText(r));

            FilingJson.FinanceRewrite spliced = json.rewriteFinance(stored, change);

            assertArrayEquals(readAndWriteWhole(stored, change), spliced.content(), "round " + round);
            assertEquals(json.read(spliced.content()).finance(), spliced.finance());
        }
    }

    @Test
    void aContentWithoutFinanceIsReadAndWrittenWhole() throws Exception {
        ObjectNode content = Fixtures.validContent("D001");
        content.remove("finance");
        byte[] stored = canonical(content);
        assertEquals(-1, FilingJson.financeSpan(stored));
        SubUnitFinance figures = mapper.treeToValue(Fixtures.validContent("D001").get("finance").get(0), SubUnitFinance.class);

        FilingJson.FinanceRewrite rewrite = json.rewriteFinance(stored, importing(figures, "新科室"));

        assertArrayEquals(readAndWriteWhole(stored, importing(figures, "新科室")), rewrite.content());
        assertEquals(1, json.read(rewrite.content()).finance().size());
        assertEquals(-1, FilingJson.financeSpan("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aStoredRenderingWithSpacesIsMadeCanonical() throws Exception {
        byte[] canonical = canonical(Fixtures.validContent("D001"));
        // whitespace outside strings, as in PostgreSQL's rendering of jsonb (contents stored before V6)
        byte[] rendered = withSpaces(new String(canonical, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, FilingJson.financeSpan(rendered));
        SubUnitFinance figures = mapper.treeToValue(Fixtures.validContent("D001").get("finance").get(1), SubUnitFinance.class);

        byte[] rewritten = json.rewriteFinance(rendered, importing(figures, "新科室")).content();

        assertArrayEquals(readAndWriteWhole(canonical, importing(figures, "新科室")), rewritten);
    }

    @Test
    void onlyATopLevelFinanceArrayOfOneWholeObjectIsSpliced() {
        assertEquals(-1, span("{\"basicInfo\":{\"finance\":[1]},\"report\":{}}"), "a nested key of that name");
        assertEquals(-1, span("{\"report\":{\"problems\":\"\\\"finance\\\":[]\"}}"), "the key inside a string");
        assertEquals(-1, span("{\"finance\":[],\"report\":{}}x"), "anything after the object");
        assertEquals(-1, span("{\"finance\":[],\"report\":{}"), "an object cut short");
        assertEquals(-1, span("{\"finance\":[\"a\"],\"report\":{\"x\":\"y\" }}"), "a space outside strings, anywhere");
        assertEquals(-1, span("{\"finance\":null}"), "not an array");
        assertEquals(-1, span("[\"finance\",[]]"), "not an object");
        assertEquals(-1, span("{\"financeX\":[]}"), "another key");
        String text = "{\"basicInfo\":{\"contactName\":\"a\\\\\"},\"finance\":[{\"n\":\"]}\"}],\"report\":{}}";
        long at = span(text);
        assertEquals("[{\"n\":\"]}\"}]", text.substring((int) (at >>> 32), (int) at));
    }

    @Test
    void aStoredTextThatIsNotAContentFailsAsBefore() {
        byte[] broken = "{\"finance\":[],\"report\":".getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalStateException.class, () -> json.rewriteFinance(broken, current -> current));
    }

    /** A space after every colon and comma outside strings, as jsonb is rendered. */
    private static String withSpaces(String json) {
        StringBuilder b = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            b.append(c);
            if (inString && c == '\\') {
                b.append(json.charAt(++i));
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && (c == ':' || c == ',')) {
                b.append(' ');
            }
        }
        return b.toString();
    }

    private static long span(String text) {
        return FilingJson.financeSpan(text.getBytes(StandardCharsets.UTF_8));
    }
}
