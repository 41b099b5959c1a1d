package dev.flowlens.tools.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The gateway's POST /graphql with a bearer token. Through HttpURLConnection, which sends headers and body in one TCP
 * segment: the JDK HttpClient writes them separately, and Nagle's algorithm against the server's delayed ACK then
 * adds a flat ~40 ms to every small POST, which would measure the client, not Flowlens (bin/bench-metrics' query
 * latencies are of these calls).
 */
public final class Graphql {

    private final URI url;
    private final Token token;
    private final int readTimeoutMs;

    public Graphql(String gatewayUrl, Token token, int readTimeoutMs) {
        this.url = URI.create(gatewayUrl + "/graphql");
        this.token = token;
        this.readTimeoutMs = readTimeoutMs;
    }

    /** The gateway of --gateway as the realm's (--oidc) admin user, whose token is renewed after {@code renewAfter}. */
    public static Graphql asAdmin(HttpClient http, Options opt, Duration renewAfter, int readTimeoutMs) {
        return new Graphql(opt.get("gateway"), Token.user(http, opt.get("oidc"), "admin", "admin", renewAfter),
                readTimeoutMs);
    }

    /** The answer's text (data and errors as the gateway wrote them); throws when the status is not 200. */
    public String call(String query) throws Exception {
        return call(query, null);
    }

    /** {@link #call(String)} with variables (an object Jackson writes). */
    public String call(String query, Object variables) throws Exception {
        ObjectNode request = Json.object().put("query", query);
        if (variables != null) {
            request.set("variables", Json.MAPPER.valueToTree(variables));
        }
        String bearer = token.get();
        try {
            return post(Json.bytes(request), bearer);
        } catch (IOException e) {
            throw new IOException("POST " + url + " failed: " + e, e);
        }
    }

    private String post(byte[] body, String bearer) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(readTimeoutMs);
        c.setRequestProperty("Authorization", "Bearer " + bearer);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        byte[] answer;
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            answer = in == null ? new byte[0] : in.readAllBytes();
        }
        String text = new String(answer, StandardCharsets.UTF_8);
        if (status != 200) {
            throw new IllegalStateException("gateway answered " + status + ": " + text);
        }
        return text;
    }

    /** The answer's data; throws when it has errors. */
    public JsonNode data(String query) throws Exception {
        return data(query, null);
    }

    public JsonNode data(String query, Object variables) throws Exception {
        String text = call(query, variables);
        JsonNode answer = Json.tree(text);
        if (answer.has("errors")) {
            throw new IllegalStateException("gateway answered errors: " + text);
        }
        return answer.path("data");
    }

    /** Whether an answer of {@link #call} holds errors. */
    public static boolean hasErrors(String answer) {
        return Json.tree(answer).has("errors");
    }
}
