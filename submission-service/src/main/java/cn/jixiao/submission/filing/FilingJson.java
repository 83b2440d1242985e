package cn.jixiao.submission.filing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Filing content to and from its stored JSON. The stored form is canonical (fields in
 * declaration order, map keys sorted, decimals as typed), so its SHA-256 identifies the content.
 */
@ApplicationScoped
public class FilingJson {

    @Inject
    ObjectMapper mapper;

    public String write(FilingContent content) {
        try {
            return mapper.writeValueAsString(content == null ? FilingContent.empty() : content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize filing content", e);
        }
    }

    public FilingContent read(String json) {
        try {
            return mapper.readValue(json, FilingContent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored filing content does not match the current schema", e);
        }
    }

    public static String sha256(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
