package cn.jixiao.submission.filing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.jixiao.submission.support.Fixtures;
import cn.jixiao.submission.support.Tokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrencyTest {

    @OidcWireMock
    WireMockServer wiremock;

    @Test
    void fiftyConcurrentPutsWithTheSameETagExactlyOneWins() throws Exception {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        Response created = Fixtures.draft(dept, Fixtures.openCycle(), null);
        String id = created.jsonPath().getString("id");
        String etag = created.header("ETag");
        String token = Tokens.filer(dept);

        List<Callable<Response>> puts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ObjectNode content = Fixtures.validContent(dept);
            ((ObjectNode) content.at("/basicInfo")).put("contactName", "writer-" + i);
            String body = "{\"content\":" + content + "}";
            puts.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", etag).body(body)
                    .put("/api/v1/filings/" + id).then().extract().response());
        }
        List<Response> responses = runTogether(puts);

        Map<Integer, Integer> byStatus = new TreeMap<>();
        String winner = null;
        for (Response r : responses) {
            byStatus.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() == 200) {
                winner = r.jsonPath().getString("content.basicInfo.contactName");
            }
        }
        assertEquals(Map.of(200, 1, 412, 49), byStatus);
        // the winner's update is what is stored, and it is recorded once
        Response stored = given().auth().oauth2(token).get("/api/v1/filings/" + id).then().statusCode(200).extract().response();
        assertEquals(winner, stored.jsonPath().getString("content.basicInfo.contactName"));
        List<String> actions = given().auth().oauth2(token).get("/api/v1/filings/" + id + "/history").then().extract()
                .jsonPath().getList("action");
        assertEquals(List.of("CREATED", "UPDATED"), actions);
    }

    @Test
    void concurrentCreatesOfOneDepartmentInOneCycleMakeOneFiling() throws Exception {
        Fixtures.stubScoring(wiremock);
        String dept = Fixtures.department();
        long cycle = Fixtures.openCycle();
        String token = Tokens.filer(dept);
        String body = "{\"cycleId\":" + cycle + ",\"content\":" + Fixtures.validContent(dept) + "}";
        List<Callable<Response>> creates = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            creates.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/filings").then().extract().response());
        }
        List<Response> responses = runTogether(creates);

        Map<Integer, Integer> byStatus = new TreeMap<>();
        String created = null;
        for (Response r : responses) {
            byStatus.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() == 201) {
                created = r.jsonPath().getString("id");
            }
        }
        assertEquals(Map.of(201, 1, 409, 11), byStatus);
        for (Response r : responses) {
            if (r.statusCode() == 409) {
                assertEquals("/api/v1/filings/" + created, java.net.URI.create(r.header("Location")).getPath());
            }
        }
        List<String> actions = given().auth().oauth2(token).get("/api/v1/filings/" + created + "/history").then().extract()
                .jsonPath().getList("action");
        assertEquals(List.of("CREATED"), actions);
    }

    static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
