package cn.jixiao.reporting.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.util.UUID;

/** Builds EvaluationCompleted messages as scoring-service sends them, and delivers them. */
public final class Messages {

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private Messages() {
    }

    /** A message with the given identity and totals; add indicators and finance with the builder methods. */
    public static Builder evaluation(String department, String name, String group, int year, long cycleId) {
        return new Builder(department, name, group, year, cycleId);
    }

    /** Posts a message with a service token; returns the outcome. */
    public static String deliver(ObjectNode message) {
        return given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(message.toString())
                .post("/api/v1/reports/evaluations").then().statusCode(200).extract().jsonPath().getString("outcome");
    }

    public static final class Builder {
        final ObjectNode node = JSON.createObjectNode();
        final ArrayNode categories;
        final ArrayNode indicators;

        Builder(String department, String name, String group, int year, long cycleId) {
            node.put("messageId", UUID.randomUUID().toString());
            node.put("type", "EvaluationCompleted");
            node.put("evaluationId", UUID.randomUUID().toString());
            node.put("evaluationVersion", 1L);
            node.put("official", true);
            node.put("filingId", UUID.nameUUIDFromBytes((department + year + cycleId).getBytes()).toString());
            node.put("filingRevision", 1);
            node.put("filingSha256", "0".repeat(64));
            node.put("departmentCode", department);
            node.put("departmentName", name);
            if (group == null) {
                node.putNull("departmentGroup");
            } else {
                node.put("departmentGroup", group);
            }
            node.put("fiscalYear", year);
            node.put("cycleId", cycleId);
            node.put("rubricCode", "default");
            node.put("rubricVersion", 1);
            node.put("rubricHash", "sha256:abc");
            node.put("evaluatedAt", year + 1 + "-03-01T10:00:00+08:00");
            node.put("unknownFutureField", "ignored");
            categories = node.putArray("categories");
            indicators = node.putArray("indicators");
            category("input", "投入", 1, null, "15");
            category("budget", "预算配置", 2, "input", "15");
            category("process", "过程", 1, null, "40");
            category("execution", "预算执行", 2, "process", "15");
            category("effect", "效果", 1, null, "20");
            category("benefit", "履职效益", 2, "effect", "20");
        }

        private void category(String code, String name, int level, String parent, String points) {
            ObjectNode c = categories.addObject();
            c.put("code", code).put("name", name).put("level", level).put("points", new BigDecimal(points)).put("score", BigDecimal.ZERO);
            if (parent == null) {
                c.putNull("parentCode");
            } else {
                c.put("parentCode", parent);
            }
        }

        public Builder totals(String total, String self, String grade) {
            node.put("totalScore", new BigDecimal(total));
            if (self == null) {
                node.putNull("selfTotalScore");
            } else {
                node.put("selfTotalScore", new BigDecimal(self));
            }
            node.put("grade", grade);
            return this;
        }

        /** An indicator: code, final, computed (or null), self (or null), review (or null), over-scored, not applicable. */
        public Builder indicator(String code, String fin, String computed, String self, String review, boolean overScored,
                boolean notApplicable) {
            String[] def = switch (code) {
                case "ind-a" -> new String[] {"财政供养人员控制率", "input", "budget", "5"};
                case "ind-b" -> new String[] {"预算调整率", "process", "execution", "3"};
                case "ind-c" -> new String[] {"经济效益", "effect", "benefit", "5"};
                default -> throw new IllegalArgumentException(code);
            };
            ObjectNode i = indicators.addObject();
            i.put("code", code).put("name", def[0]).put("level1Code", def[1]).put("level2Code", def[2])
                    .put("points", new BigDecimal(def[3]));
            decimal(i, "computedScore", computed);
            decimal(i, "selfScore", self);
            decimal(i, "reviewScore", review);
            i.put("finalScore", new BigDecimal(fin));
            i.put("notComputable", computed == null && !notApplicable);
            i.put("notApplicable", notApplicable);
            i.put("overScored", overScored);
            return this;
        }

        public Builder finance(String income, String expenditure, String basic, String project, String balance,
                String accumulated, String threePublic, String fixedAssets) {
            ObjectNode f = node.putObject("finance");
            f.put("incomeTotal", new BigDecimal(income)).put("expenditureTotal", new BigDecimal(expenditure))
                    .put("basicExpenditure", new BigDecimal(basic)).put("projectExpenditure", new BigDecimal(project))
                    .put("balanceOfYear", new BigDecimal(balance)).put("accumulatedBalance", new BigDecimal(accumulated))
                    .put("threePublicTotal", new BigDecimal(threePublic)).put("fixedAssetsTotal", new BigDecimal(fixedAssets));
            return this;
        }

        public Builder revision(int revision) {
            node.put("filingRevision", revision);
            node.put("evaluatedAt", node.get("fiscalYear").asInt() + 1 + "-03-0" + revision + "T10:00:00+08:00");
            return this;
        }

        public Builder version(String evaluationId, long version) {
            node.put("evaluationId", evaluationId);
            node.put("evaluationVersion", version);
            return this;
        }

        /** Marks an indicator added before as dropped by the rubric version's not-applicable policy. */
        public Builder dropped(String code) {
            for (var i : indicators) {
                if (i.path("code").asText().equals(code)) {
                    ((ObjectNode) i).put("dropped", true);
                }
            }
            return this;
        }

        public Builder official(boolean official) {
            node.put("official", official);
            return this;
        }

        public ObjectNode build() {
            if (!node.has("finance")) {
                finance("100.00", "90.00", "70.00", "20.00", "10.00", "10.00", "2.00", "50.00");
            }
            return node.deepCopy();
        }

        private static void decimal(ObjectNode n, String field, String value) {
            if (value == null) {
                n.putNull(field);
            } else {
                n.put(field, new BigDecimal(value));
            }
        }
    }
}
