package cn.jixiao.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A small client of the public APIs and of Keycloak's token endpoint, for the sample loader. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /** A response: status, ETag and body. */
    record Reply(int status, String etag, JsonNode body) {
        Reply expect(int... statuses) {
            for (int s : statuses) {
                if (s == status) {
                    return this;
                }
            }
            throw new IllegalStateException("unexpected HTTP " + status + ": " + body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Settings settings;

    Api(Settings settings) {
        this.settings = settings;
    }

    String passwordToken(String user) {
        return token(Map.of("grant_type", "password", "client_id", "jixiao-portal", "username", user, "password", "jixiao-" + user));
    }

    String clientToken(String clientId, String secret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    private String token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(settings.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Reply r = send(req).expect(200);
        return r.body().get("access_token").asText();
    }

    Reply get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build());
    }

    Reply post(String url, String token, Object body, Map<String, String> headers) {
        return write("POST", url, token, body, headers);
    }

    Reply put(String url, String token, Object body, Map<String, String> headers) {
        return write("PUT", url, token, body, headers);
    }

    private Reply write(String method, String url, String token, Object body, Map<String, String> headers) {
        try {
            String json = body == null ? "" : (body instanceof String s ? s : JSON.writeValueAsString(body));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
            headers.forEach(b::header);
            return send(b.build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
            return new Reply(r.statusCode(), r.headers().firstValue("ETag").orElse(null), body);
        } catch (IOException e) {
            throw new IllegalStateException(req.method() + " " + req.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
