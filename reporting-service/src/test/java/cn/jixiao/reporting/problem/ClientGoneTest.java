package cn.jixiao.reporting.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.jixiao.reporting.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A client that closes its connection while its body is still being sent leaves nothing done and
 * no one to answer. That is not an incident: it is logged at debug, never as an error (it was, as
 * an "Unhandled failure" with an incident id, and counted as a 500).
 */
@QuarkusTest
class ClientGoneTest {

    private static final String MAPPERS = ProblemMappers.class.getName();

    @Test
    void aClientThatLeavesMidBodyIsNoIncident() throws Exception {
        Map<String, String> posts = Map.of("/api/v1/reports/evaluations/batch", Tokens.service(), "/api/v1/reports/evaluations", Tokens.service());
        List<LogRecord> gone = new CopyOnWriteArrayList<>();
        List<LogRecord> incidents = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String message = String.valueOf(r.getMessage());
                if (MAPPERS.equals(r.getLoggerName()) && message.contains("closed the connection")) {
                    gone.add(r);
                } else if (r.getLevel().intValue() >= Level.WARNING.intValue()
                        && (MAPPERS.equals(r.getLoggerName()) || message.contains("Unhandled failure"))) {
                    incidents.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger mappers = Logger.getLogger(MAPPERS);
        Level level = mappers.getLevel();
        mappers.setLevel(Level.FINE);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (var post : posts.entrySet()) {
                try (Socket s = new Socket("127.0.0.1", RestAssured.port)) {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST " + post.getKey() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + post.getValue()
                            + "\r\nIdempotency-Key: gone\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n\r\n{\"items\":[")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    // the service is reading the body when the connection closes
                    Thread.sleep(200);
                }
            }
            // each hang-up reaches the mapper and is logged there, at debug
            long deadline = System.currentTimeMillis() + 10_000;
            while (gone.size() < posts.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            root.removeHandler(capture);
            mappers.setLevel(level);
        }
        assertEquals(posts.size(), gone.size(), "hang-ups logged at debug by the mappers");
        assertEquals(List.of(), incidents.stream().map(LogRecord::getMessage).toList());
    }
}
