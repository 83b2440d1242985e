package cn.jixiao.reporting.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A synthetic district of any size for tests and benchmarks: {@code departments} budget units
 * (S0001 …) in eight groups, each evaluated in {@code years} consecutive fiscal years against
 * the default rubric's 23 indicators, deterministic by {@code seed}. Deliveries look like real
 * ones: some filings are resubmitted (revision 2, sometimes delivered before revision 1), some
 * evaluations get a second version after review (sometimes delivered first), some departments
 * are re-scored unofficially, some messages are delivered twice.
 *
 * <p>Whatever the delivery order or concurrency, the reports must show {@link Pair#expectedTotal}
 * for every department and year. From the command line (test classpath):
 * <pre>
 * java -cp ... cn.jixiao.reporting.support.SyntheticDistrict -Ddepartments=2000 -Dyears=10 -Dseed=42 \
 *      -Durl=http://127.0.0.1:8083 -Dtoken=$SERVICE_TOKEN -Dthreads=4      # post to a running service
 * java -cp ... cn.jixiao.reporting.support.SyntheticDistrict -Ddepartments=2000 -Dyears=10 -Dout=district.ndjson
 * </pre>
 */
public final class SyntheticDistrict {

    public static final String[] GROUPS = {"综合", "教科文卫", "农林水", "城建", "政法", "经济", "社会", "党群"};

    /** The default rubric: code, name, level-1, level-2, points, computed (true) or expert-scored (false). */
    static final Object[][] RUBRIC = {
        {"staff-control-rate", "财政供养人员控制率", "input", "budget-allocation", 5, true},
        {"three-public-change-rate", "三公经费变动率", "input", "budget-allocation", 5, true},
        {"key-expenditure-rate", "重点支出安排率", "input", "budget-allocation", 5, true},
        {"budget-adjustment-rate", "预算调整率", "process", "budget-execution", 3, true},
        {"payment-progress", "支付进度", "process", "budget-execution", 3, true},
        {"fund-balance", "资金结余", "process", "budget-execution", 3, true},
        {"three-public-control-rate", "三公经费控制率", "process", "budget-execution", 6, true},
        {"management-rules", "管理制度健全性", "process", "budget-management", 3, true},
        {"fund-compliance", "资金使用合规性", "process", "budget-management", 3, true},
        {"disclosure", "预决算信息公开性和完善性", "process", "budget-management", 3, true},
        {"procurement-execution-rate", "政府采购执行率", "process", "budget-management", 3, true},
        {"official-card-rate", "公务卡刷卡率", "process", "budget-management", 3, true},
        {"asset-rules", "资产管理制度健全性", "process", "asset-management", 3, true},
        {"asset-safety", "资产管理安全性", "process", "asset-management", 4, true},
        {"fixed-asset-utilization", "固定资产利用率", "process", "asset-management", 3, true},
        {"output-xiaokang", "推进全面小康建设指标任务完成情况", "output", "duty-performance", 5, false},
        {"output-growth-pole", "建设湖南新增长极目标任务完成情况", "output", "duty-performance", 7, false},
        {"output-work-report", "《政府工作报告》目标任务完成情况", "output", "duty-performance", 5, false},
        {"output-livelihood", "省市重点民生实事完成情况", "output", "duty-performance", 2, false},
        {"output-key-projects", "省市重点工程和重大项目建设完成情况", "output", "duty-performance", 2, false},
        {"output-other", "其他工作实绩指标完成情况", "output", "duty-performance", 4, false},
        {"effect-economic", "经济效益", "effect", "performance-benefit", 5, false},
        {"effect-social", "社会效益", "effect", "performance-benefit", 5, false},
        {"effect-ecological", "生态效益", "effect", "performance-benefit", 5, false},
        {"satisfaction", "社会公众或服务对象满意度", "effect", "performance-benefit", 5, true}};

    static final String[][] CATEGORIES = {
        {"input", "投入", "1", null, "15"}, {"budget-allocation", "预算配置", "2", "input", "15"},
        {"process", "过程", "1", null, "40"}, {"budget-execution", "预算执行", "2", "process", "15"},
        {"budget-management", "预算管理", "2", "process", "15"}, {"asset-management", "资产管理", "2", "process", "10"},
        {"output", "产出", "1", null, "25"}, {"duty-performance", "职责履行", "2", "output", "25"},
        {"effect", "效果", "1", null, "20"}, {"performance-benefit", "履职效益", "2", "effect", "20"}};

    public record Config(int departments, int years, int firstYear, long seed) {
        public static Config fromSystemProperties(int defaultDepartments, int defaultYears, int defaultFirstYear) {
            return new Config(Integer.getInteger("departments", defaultDepartments), Integer.getInteger("years", defaultYears),
                    Integer.getInteger("firstYear", defaultFirstYear), Long.getLong("seed", 42L));
        }
    }

    /** One department in one year: the messages to deliver, in delivery order, and what must count. */
    public record Pair(String department, String group, int year, long cycleId, List<ObjectNode> messages,
            BigDecimal expectedTotal, String expectedGrade) {
    }

    private SyntheticDistrict() {
    }

    public static String departmentCode(int index) {
        return String.format("S%04d", index);
    }

    public static long cycleId(int year) {
        return year * 10L + 1;
    }

    /** Generates every department and year in order, one {@link Pair} at a time (nothing is kept in memory). */
    public static void generate(Config c, Consumer<Pair> sink) {
        for (int d = 1; d <= c.departments(); d++) {
            for (int y = 0; y < c.years(); y++) {
                sink.accept(pair(c, d, c.firstYear() + y));
            }
        }
    }

    static Pair pair(Config c, int d, int year) {
        Random rnd = new Random(c.seed() * 1_000_003L + d * 10_007L + year);
        String code = departmentCode(d);
        String group = d % 15 == 0 ? null : GROUPS[d % GROUPS.length];
        String name = "合成部门" + code;
        List<ObjectNode> deliveries = new ArrayList<>();
        UUID filingId = new UUID(c.seed(), d * 100_000L + year);

        ObjectNode first = message(rnd, code, name, group, year, filingId, 1, 1, true);
        ObjectNode winner = first;
        deliveries.add(first);
        if (rnd.nextInt(5) == 0) {
            ObjectNode second = message(rnd, code, name, group, year, filingId, 2, 1, true);
            winner = second;
            if (rnd.nextBoolean()) {
                deliveries.add(0, second);
            } else {
                deliveries.add(second);
            }
        }
        if (rnd.nextInt(5) == 0) {
            ObjectNode reviewed = review(rnd, winner);
            int at = deliveries.indexOf(winner);
            deliveries.add(rnd.nextBoolean() ? at : at + 1, reviewed);
            winner = reviewed;
        }
        if (rnd.nextInt(10) == 0) {
            deliveries.add(rnd.nextInt(deliveries.size() + 1),
                    message(rnd, code, name, group, year, filingId, winner.get("filingRevision").asInt(), 1, false));
        }
        if (rnd.nextInt(10) == 0) {
            deliveries.add(deliveries.get(rnd.nextInt(deliveries.size())).deepCopy());
        }
        return new Pair(code, group, year, cycleId(year), deliveries, winner.get("totalScore").decimalValue(),
                winner.get("grade").asText());
    }

    private static ObjectNode message(Random rnd, String code, String name, String group, int year, UUID filingId,
            int revision, long version, boolean official) {
        ObjectNode m = Messages.JSON.createObjectNode();
        m.put("messageId", new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        m.put("type", "EvaluationCompleted");
        m.put("evaluationId", new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        m.put("evaluationVersion", version);
        m.put("official", official);
        m.put("filingId", filingId.toString());
        m.put("filingRevision", revision);
        m.put("filingSha256", Long.toHexString(rnd.nextLong()));
        m.put("departmentCode", code);
        m.put("departmentName", name);
        if (group == null) {
            m.putNull("departmentGroup");
        } else {
            m.put("departmentGroup", group);
        }
        m.put("fiscalYear", year);
        m.put("cycleId", cycleId(year));
        m.put("rubricCode", "default");
        m.put("rubricVersion", official ? 1 : 2);
        m.put("rubricHash", "sha256:default-" + (official ? 1 : 2));
        m.put("evaluatedAt", (year + 1) + "-03-" + String.format("%02d", 1 + revision) + "T09:00:00+08:00");
        ArrayNode categories = m.putArray("categories");
        for (String[] cat : CATEGORIES) {
            ObjectNode n = categories.addObject();
            n.put("code", cat[0]).put("name", cat[1]).put("level", Integer.parseInt(cat[2]));
            if (cat[3] == null) {
                n.putNull("parentCode");
            } else {
                n.put("parentCode", cat[3]);
            }
            n.put("points", new BigDecimal(cat[4])).put("score", BigDecimal.ZERO.setScale(2));
        }
        ArrayNode indicators = m.putArray("indicators");
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        BigDecimal selfTotal = BigDecimal.ZERO.setScale(2);
        boolean selfAssessed = rnd.nextInt(12) != 0;
        for (Object[] def : RUBRIC) {
            BigDecimal points = BigDecimal.valueOf((Integer) def[4]).setScale(2);
            boolean notApplicable = rnd.nextInt(60) == 0;
            // half-point steps, biased towards full points
            int steps = (Integer) def[4] * 2;
            int drawn = Math.max(rnd.nextInt(steps + 1), rnd.nextInt(steps + 1));
            BigDecimal fin = notApplicable ? points.subtract(BigDecimal.ONE)
                    : BigDecimal.valueOf(drawn).divide(BigDecimal.valueOf(2), 2, RoundingMode.UNNECESSARY);
            boolean computed = (Boolean) def[5] && !notApplicable;
            BigDecimal self = selfAssessed ? fin.add(BigDecimal.valueOf(rnd.nextInt(3)).multiply(new BigDecimal("0.50"))).min(points) : null;
            ObjectNode i = indicators.addObject();
            i.put("code", (String) def[0]).put("name", (String) def[1]).put("level1Code", (String) def[2])
                    .put("level2Code", (String) def[3]).put("points", points);
            if (computed) {
                i.put("computedScore", fin);
                i.putNull("reviewScore");
            } else {
                i.putNull("computedScore");
                i.put("reviewScore", fin);
            }
            if (self == null) {
                i.putNull("selfScore");
            } else {
                i.put("selfScore", self);
                selfTotal = selfTotal.add(self);
            }
            i.put("finalScore", fin);
            i.put("notComputable", !(Boolean) def[5]);
            i.put("notApplicable", notApplicable);
            i.put("overScored", computed && self != null && self.compareTo(fin) > 0);
            total = total.add(fin);
        }
        m.put("totalScore", total);
        if (selfAssessed) {
            m.put("selfTotalScore", selfTotal);
        } else {
            m.putNull("selfTotalScore");
        }
        m.put("grade", grade(total));
        BigDecimal income = money(rnd, 100, 5000);
        BigDecimal expenditure = income.multiply(BigDecimal.valueOf(85 + rnd.nextInt(16))).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        BigDecimal basic = expenditure.multiply(BigDecimal.valueOf(60 + rnd.nextInt(31))).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        BigDecimal balance = income.subtract(expenditure);
        ObjectNode f = m.putObject("finance");
        f.put("incomeTotal", income).put("expenditureTotal", expenditure).put("basicExpenditure", basic)
                .put("projectExpenditure", expenditure.subtract(basic)).put("balanceOfYear", balance)
                .put("accumulatedBalance", balance.add(money(rnd, 0, 300))).put("threePublicTotal", money(rnd, 1, 50))
                .put("fixedAssetsTotal", money(rnd, 50, 3000));
        return m;
    }

    /** Version 2 of an evaluation: review scores lowered one expert-scored indicator. */
    private static ObjectNode review(Random rnd, ObjectNode evaluation) {
        ObjectNode v2 = evaluation.deepCopy();
        v2.put("messageId", new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        v2.put("evaluationVersion", evaluation.get("evaluationVersion").asLong() + 1);
        ObjectNode indicator = (ObjectNode) v2.get("indicators").get(15 + rnd.nextInt(9));
        BigDecimal lowered = indicator.get("finalScore").decimalValue().subtract(BigDecimal.ONE).max(BigDecimal.ZERO.setScale(2));
        BigDecimal delta = indicator.get("finalScore").decimalValue().subtract(lowered);
        indicator.put("finalScore", lowered);
        indicator.put("reviewScore", lowered);
        BigDecimal total = v2.get("totalScore").decimalValue().subtract(delta);
        v2.put("totalScore", total);
        v2.put("grade", grade(total));
        return v2;
    }

    static String grade(BigDecimal total) {
        if (total.compareTo(BigDecimal.valueOf(90)) >= 0) {
            return "优";
        }
        if (total.compareTo(BigDecimal.valueOf(80)) >= 0) {
            return "良";
        }
        return total.compareTo(BigDecimal.valueOf(60)) >= 0 ? "中" : "差";
    }

    private static BigDecimal money(Random rnd, int min, int max) {
        return BigDecimal.valueOf(min * 100L + (long) (rnd.nextDouble() * (max - min) * 100)).movePointLeft(2);
    }

    /** Delivers pairs to a running service with a few threads; returns the count of messages per outcome. */
    public static Map<String, AtomicLong> deliver(Config c, URI baseUrl, String token, int threads) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> pending = Collections.synchronizedList(new ArrayList<>());
        try {
            generate(c, pair -> pending.add(pool.submit(() -> {
                for (ObjectNode m : pair.messages()) {
                    outcomes.computeIfAbsent(post(http, baseUrl, token, m), k -> new AtomicLong()).incrementAndGet();
                }
                return null;
            })));
            for (Future<?> f : pending) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return outcomes;
    }

    private static String post(HttpClient http, URI baseUrl, String token, ObjectNode message) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/api/v1/reports/evaluations"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString(), StandardCharsets.UTF_8)).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Messages.JSON.readTree(response.body()).get("outcome").asText();
            }
            if (response.statusCode() != 503 || attempt >= 5) {
                throw new IllegalStateException("delivery failed with " + response.statusCode() + ": " + response.body());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Config c = Config.fromSystemProperties(2000, 10, 2010);
        String out = System.getProperty("out");
        long started = System.nanoTime();
        if (out != null) {
            AtomicLong count = new AtomicLong();
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
                generate(c, pair -> pair.messages().forEach(m -> {
                    try {
                        w.write(m.toString());
                        w.write('\n');
                        count.incrementAndGet();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            System.out.printf("%d messages for %d departments x %d years written to %s%n", count.get(), c.departments(), c.years(), out);
            return;
        }
        String token = System.getProperty("token", System.getenv("JIXIAO_SERVICE_TOKEN"));
        if (token == null) {
            token = Tokens.service();
        }
        URI url = URI.create(System.getProperty("url", "http://127.0.0.1:8083"));
        Map<String, AtomicLong> outcomes = deliver(c, url, token, Integer.getInteger("threads", 4));
        System.out.printf("%d departments x %d years delivered to %s in %d ms: %s%n", c.departments(), c.years(), url,
                (System.nanoTime() - started) / 1_000_000, outcomes);
    }
}
