package cn.jixiao.scoring.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.math.BigDecimal;

/**
 * Money never passes through binary floating point: JSON numbers are read as BigDecimal and
 * written as they are (no exponent), trailing zeros kept in trees, and map keys are written sorted so that the same content
 * always serializes, and hashes, the same. Text PostgreSQL cannot store ({@link StorableText}) and
 * decimals beyond any score or amount ({@link BoundedDecimal}) and fractions where an integer
 * belongs are refused where they are read. (No request body here carries a timestamp: the other
 * services' bound on them has no counterpart here.)
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.registerModule(new SimpleModule("bounded-input").addDeserializer(String.class, new StorableText())
                .addDeserializer(BigDecimal.class, new BoundedDecimal()));
        // Jackson would read 2041.5 as the integer 2041 without a word
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        // written straight to UTF-8 (results, messages, responses), a character beyond the basic
        // plane (CJK Extension B, in names) is its four bytes, not an escaped surrogate pair
        mapper.enable(JsonGenerator.Feature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
        mapper.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        // a body is one JSON document, whole: text after it ({…} {…}) is refused rather than
        // ignored, and a key given twice in one object rather than settled by its last value
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // a filing's 4.90 stays 4.90 when read as a tree, so explanations show the figures as filed
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }
}
