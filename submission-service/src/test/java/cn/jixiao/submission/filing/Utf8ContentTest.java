package cn.jixiao.submission.filing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.jixiao.submission.json.StorableText;
import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Content is written straight to UTF-8. For any valid text those bytes, and so the content's
 * hash, are exactly those of the text written and then encoded; text that is not valid Unicode
 * (an unpaired surrogate, which only an escape can carry) and U+0000 are refused where the
 * request is read, with the field's path, in any endpoint's body.
 */
@QuarkusTest
class Utf8ContentTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Inject
    FilingJson json;

    @Inject
    ObjectMapper mapper;

    /** Text from every range a filing meets: ASCII with escapes, punctuation, Chinese, full-width, beyond the basic plane. */
    private static String randomText(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(9)) {
                case 0 -> b.append((char) (0x20 + r.nextInt(0x60)));
                case 1 -> b.append("\"\\/\n\t\r\b\f".charAt(r.nextInt(8)));
                case 2 -> b.append((char) (1 + r.nextInt(0x1f)));
                case 3 -> b.append((char) (0x80 + r.nextInt(0x780)));
                case 4 -> b.append((char) (0x800 + r.nextInt(0x4e00 - 0x800)));
                case 5 -> b.append((char) (0x4e00 + r.nextInt(0x9fa5 - 0x4e00)));
                case 6 -> b.append((char) (0xe000 + r.nextInt(0x2000)));
                case 7 -> b.append((char) (0xfe00 + r.nextInt(0x200)));
                default -> b.appendCodePoint(0x10000 + r.nextInt(0x100000 - 0x10000));
            }
        }
        return b.toString();
    }

    private FilingContent withContactName(String text) throws Exception {
        ObjectNode content = Fixtures.validContent("D001");
        ((ObjectNode) content.get("basicInfo")).put("contactName", text);
        return mapper.treeToValue(content, FilingContent.class);
    }

    private void sameAsWrittenText(FilingContent content, String what) {
        byte[] utf8 = json.writeUtf8(content);
        assertArrayEquals(json.write(content).getBytes(StandardCharsets.UTF_8), utf8, what);
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
            sameAsWrittenText(mapper.treeToValue(content, FilingContent.class), "round " + round);
        }
    }

    @Test
    void everyCharacterAndPairsAcrossTheWritersSegmentsGiveTheSameBytes() throws Exception {
        StringBuilder bmp = new StringBuilder();
        for (char c = 1; c < 0xffff; c++) {
            if (!Character.isSurrogate(c)) {
                bmp.append(c);
            }
        }
        sameAsWrittenText(withContactName(bmp.toString()), "every character of the basic plane but U+0000");
        StringBuilder beyond = new StringBuilder();
        for (int cp = 0x10000; cp <= 0x10ffff; cp += 97) {
            beyond.appendCodePoint(cp);
        }
        sameAsWrittenText(withContactName(beyond.toString()), "characters beyond the basic plane");
        // Jackson's UTF-8 writer works in segments of about a thousand characters; a pair split
        // by a segment's end must still come out as one character
        for (String filler : new String[] {"a", "中", "\n"}) {
            for (int at : new int[] {990, 995, 998, 999, 1000, 1001, 1005, 1990, 1999, 2000, 2001, 3999, 4000}) {
                String text = filler.repeat(at) + "\uD840\uDC00" + filler.repeat(10);
                sameAsWrittenText(withContactName(text), "a pair at " + at + " after " + filler);
            }
        }
    }

    @Test
    void onlyU0000AndUnpairedSurrogatesAreUnstorable() {
        for (String text : new String[] {"a\uD800b", "\uDC00", "end\uD840", "\uDBFF\uDBFF", "\uDC00\uD800"}) {
            assertEquals(StorableText.Reason.UNPAIRED_SURROGATE, StorableText.unstorable(text), text);
        }
        assertEquals(StorableText.Reason.NUL, StorableText.unstorable("a\u0000b"));
        for (String text : new String[] {"\uD840\uDC00", "王\uD840\uDC00芳", "\\uD800", "\\u0000", "C:\\", ""}) {
            assertEquals(null, StorableText.unstorable(text), text);
        }
    }

    @Test
    void anExtensionBNameKeepsItsHashFromCreateToSaveAndAnUnpairedSurrogateIsRefused() {
        Fixtures.stubScoring(wiremock);
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

        // the submitted revision is served as frozen: the character itself, not an escaped pair
        // (written again from the parsed content, it came back as \uD840\uDC00)
        String submitted = given().auth().oauth2(Tokens.filer(dept)).header("If-Match", saved.header("ETag"))
                .post("/api/v1/filings/" + id + "/submit").then().statusCode(200).extract().header("ETag");
        String revision = given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id + "/revisions/1").then().statusCode(200)
                .body("contentSha256", equalTo(sha)).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(revision.contains("王\uD840\uDC00芳") && !revision.contains("\\uD840"), revision);
        // return it, to go on editing as before
        given().auth().oauth2(Tokens.reviewer()).contentType(ContentType.JSON).header("If-Match", submitted)
                .body("{\"reason\":\"继续测试\"}").post("/api/v1/filings/" + id + "/return").then().statusCode(200);
        saved = given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200).extract().response();

        String broken = content.toString().replace("王\uD840\uDC00芳", "王\\uD800芳");
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", saved.header("ETag"))
                .body("{\"content\":" + broken + "}").put("/api/v1/filings/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("$.content.basicInfo.contactName")).body("errors[0].code", equalTo("invalid-unicode"));
        String otherDept = Fixtures.department();
        given().auth().oauth2(Tokens.filer(otherDept)).contentType(ContentType.JSON)
                .body("{\"cycleId\":" + cycle + ",\"content\":" + broken.replace(dept + "-0", otherDept + "-0") + "}")
                .post("/api/v1/filings").then().statusCode(400).body("errors[0].code", equalTo("invalid-unicode"));
        given().auth().oauth2(Tokens.filer(dept)).contentType(ContentType.JSON).header("If-Match", saved.header("ETag"))
                .body("{\"content\":" + content.toString().replace("王\uD840\uDC00芳", "王\\u0000芳") + "}").put("/api/v1/filings/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("$.content.basicInfo.contactName")).body("errors[0].code", equalTo("unsupported-character"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"NUL1\",\"name\":\"县\\u0000局\",\"group\":\"g\",\"subUnits\":[]}").post("/api/v1/departments")
                .then().statusCode(400).body("errors[0].field", equalTo("$.name")).body("errors[0].code", equalTo("unsupported-character"));
        given().auth().oauth2(Tokens.filer(dept)).get("/api/v1/filings/" + id).then().statusCode(200)
                .body("contentSha256", equalTo(sha)).body("content.basicInfo.contactName", equalTo("王\uD840\uDC00芳"));
    }
}
