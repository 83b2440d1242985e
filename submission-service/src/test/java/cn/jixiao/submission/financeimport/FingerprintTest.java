package cn.jixiao.submission.financeimport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.jixiao.submission.filing.FilingJson;
import cn.jixiao.submission.financeimport.FinanceImportApi.FinanceImport;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * An Idempotency-Key's stored fingerprint is the SHA-256 of the request written as text and
 * encoded as UTF-8; the streamed fingerprint must give exactly that hash, or a retry that spans
 * a deploy would be refused as another request.
 */
class FingerprintTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    private void sameAsWrittenText(String departmentCode) throws Exception {
        String body = "{\"fiscalYear\":2024,\"items\":[{\"departmentCode\":" + mapper.writeValueAsString(departmentCode)
                + ",\"subUnitCode\":\"D001-01\",\"income\":{\"total\":100.50},\"expenditure\":{\"total\":90},"
                + "\"threePublic\":{\"total\":1.2},\"fixedAssets\":{\"total\":3}}]}";
        FinanceImport request = mapper.readValue(body, FinanceImport.class);
        assertEquals(FilingJson.sha256(mapper.writeValueAsString(request)), FinanceImportResource.fingerprint(mapper, request));
    }

    @Test
    void plainChineseAndCharactersBeyondTheBasicPlaneHashAsBefore() throws Exception {
        sameAsWrittenText("D001");
        sameAsWrittenText("县教育局");
        sameAsWrittenText("𠀀部门");
    }

    @Test
    void anUnpairedSurrogateHashesAsBefore() throws Exception {
        sameAsWrittenText("D\uD800001");
    }
}
