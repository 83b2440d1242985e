package cn.jixiao.scoring.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.jixiao.scoring.support.Tokens;
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
 * no one to answer. That is not an incident: nothing is logged as an error (it was, as an
 * "Unhandled failure" with an incident id, and counted as a 500).
 */
@QuarkusTest
class ClientGoneTest {

    @Test
    void aClientThatLeavesMidBodyIsNoIncident() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    logged.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (var post : Map.of("/api/v1/evaluations/batch", Tokens.service(), "/api/v1/evaluations", Tokens.reviewer()).entrySet()) {
                try (Socket s = new Socket("127.0.0.1", RestAssured.port)) {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST " + post.getKey() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + post.getValue()
                            + "\r\nIdempotency-Key: gone\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n\r\n{\"items\":[")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    // long enough for the service to be reading the body when the connection closes
                    Thread.sleep(300);
                }
            }
            Thread.sleep(1000);
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(List.of(), logged.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
    }
}
