package cn.jixiao.scoring.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Another service's OpenAPI contract as kept in docs/openapi, read for our clients' contract tests. */
public final class KeptContract {

    private final JsonNode root;

    private KeptContract(JsonNode root) {
        this.root = root;
    }

    /** docs/openapi/{service}.yaml, which must exist. */
    public static KeptContract of(String service) throws IOException {
        Path kept = Path.of("..", "docs", "openapi", service + ".yaml");
        assertTrue(Files.exists(kept), service + "'s kept contract is missing: " + kept.toAbsolutePath());
        return new KeptContract(new ObjectMapper(new YAMLFactory()).readTree(kept.toFile()));
    }

    public JsonNode path(String field) {
        return root.path(field);
    }

    /** A schema of components/schemas, which must exist. */
    public JsonNode schema(String name) {
        JsonNode s = root.path("components").path("schemas").path(name);
        assertFalse(s.isMissingNode(), "schema " + name + " missing");
        return s;
    }

    /** The schema a {@code $ref} names, or the node itself when it has none. */
    public JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        return ref == null ? node : schema(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
