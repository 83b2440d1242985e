package cn.jixiao.submission.filing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Content is written straight to UTF-8. For any valid text those bytes, and so the content's
 * hash, are exactly those of the text written and then encoded; text that is not valid Unicode
 * (an unpaired surrogate, which only an escape can carry) is refused, not stored with '?'.
 */
@QuarkusTest
class Utf8ContentTest {

    @Inject
    FilingJson json;

    @Inject
    ObjectMapper mapper;

    /** Text from every range a filing meets: ASCII with escapes, Chinese, full-width, Extension B. */
    private static String randomText(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> b.append((char) (0x20 + r.nextInt(0x5f)));
                case 1 -> b.append("\"\\/\n\t\r\b\f".charAt(r.nextInt(8)));
                case 2 -> b.append((char) r.nextInt(0x20));
                case 3 -> b.append((char) (0x4e00 + r.nextInt(0x9fa5 - 0x4e00)));
                case 4 -> b.append((char) (0xff01 + r.nextInt(0x5e)));
                default -> b.appendCodePoint(0x20000 + r.nextInt(0xa6df));
            }
        }
        return b.toString();
    }

    @Test
    void validTextGivesTheBytesOfTheWrittenText() throws Exception {
        Random r = new Random(20261126);
        for (int round = 0; round < 500; round++) {
            ObjectNode content = Fixtures.validContent("D001");
            ObjectNode basic = (ObjectNode) content.get("basicInfo");
            basic.put("contactName", randomText(r));
            basic.put("overallOperation", randomText(r));
            ((ObjectNode) content.get("report")).put("problems", randomText(r));
            FilingContent parsed = mapper.treeToValue(content, FilingContent.class);
            byte[] utf8 = json.writeUtf8(parsed);
            assertArrayEquals(json.write(parsed).getBytes(StandardCharsets.UTF_8), utf8, "round " + round);
            assertFalse(FilingJson.hasUnpairedSurrogate(utf8), "round " + round);
        }
    }

    @Test
    void onlyAnUnpairedSurrogateIsFound() {
        for (String text : new String[] {"a\uD800b", "\uDC00", "end\uD840", "\uDBFF\uDBFF"}) {
            assertTrue(FilingJson.hasUnpairedSurrogate(utf8(text)), text);
        }
        // typed by a person: a backslash and the letters u, D, 8, 0, 0
        for (String text : new String[] {"\\uD800", "\\\\uD800", "\uD840\uDC00", "\\u4E2D", "C:\\", ""}) {
            assertFalse(FilingJson.hasUnpairedSurrogate(utf8(text)), text);
        }
    }

    private byte[] utf8(String contactName) {
        ObjectNode content = Fixtures.validContent("D001");
        ((ObjectNode) content.get("basicInfo")).put("contactName", contactName);
        try {
            return json.writeUtf8(mapper.treeToValue(content, FilingContent.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anExtensionBNameKeepsItsHashFromCreateToSaveAndAnUnpairedSurrogateIsRefused() {
        long cycle = Fixtures.openCycle();
        String dept = Fixtures.department();
        ObjectNode content = Fixtures.validContent(dept);
        ((ObjectNode) content.get("basicInfo")).put("contactName", "王\uD840\uDC00芳");
        Response created = Fixtures.draft(dept, cycle, content);
        String id = created.jsonPath().getString("id");
        String sha = created.jsonPath().getString("contentSha256");
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200)
                .body("content.basicInfo.contactName", equalTo("王\uD840\uDC00芳"));

        Response saved = given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", created.header("ETag"))
                .body("{\"content\":" + content + "}").put("/api/v1/filings/" + id).then().statusCode(200).extract().response();
        assertEquals(sha, saved.jsonPath().getString("contentSha256"), "the same content hashes the same on create and on save");

        String broken = content.toString().replace("王\uD840\uDC00芳", "王\\uD800芳");
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", saved.header("ETag"))
                .body("{\"content\":" + broken + "}").put("/api/v1/filings/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("$.content")).body("errors[0].code", equalTo("invalid-unicode"));
        String otherDept = Fixtures.department();
        given().auth().oauth2(Tokens.filer(otherDept)).contentType(ContentType.JSON)
                .body("{\"cycleId\":" + cycle + ",\"content\":" + broken.replace(dept + "-0", otherDept + "-0") + "}")
                .post("/api/v1/filings").then().statusCode(400).body("errors[0].code", equalTo("invalid-unicode"));
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200)
                .body("contentSha256", equalTo(sha)).body("content.basicInfo.contactName", equalTo("王\uD840\uDC00芳"));
    }
}
