package cn.jixiao.reporting.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Money never passes through binary floating point: JSON numbers are read as BigDecimal and
 * written as they are (no exponent), and map keys are written sorted so that the same content
 * always serializes, and hashes, the same. Text PostgreSQL cannot store ({@link StorableText}) and
 * decimals no evaluation could hold ({@link BoundedDecimal}), timestamps it could not store
 * ({@link BoundedTimestamp}) and fractions where an integer belongs are refused where they are read.
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    /**
     * After Quarkus's own customizers: they register Jackson's java.time readers, and of two
     * readers for one type the one registered last is used (BoundedTimestamp's, then).
     */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.registerModule(new SimpleModule("bounded-input").addDeserializer(String.class, new StorableText())
                .addDeserializer(BigDecimal.class, new BoundedDecimal())
                .addDeserializer(OffsetDateTime.class, new BoundedTimestamp()));
        // Jackson would read 2041.5 as the integer 2041 without a word
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        mapper.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        // a body is one JSON document, whole: text after it ({…} {…}) is refused rather than
        // ignored, and a key given twice in one object rather than settled by its last value
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
