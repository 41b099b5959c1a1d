package dev.flowlens.tools.common;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.Executor;

/** The JDK HTTP client as the programs use it, and their requests to ingest-service's POST /api/v1/events. */
public final class Http {

    private Http() {
    }

    /**
     * HTTP/1.1 with keep-alive, as a tool's or dashboard's server-side client would use; the default h2c upgrade
     * attempt on plain http:// only adds noise to the latencies.
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    public static HttpClient client(Duration connectTimeout, Executor executor) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .executor(executor).build();
    }

    /** A POST of a batch of events to {@code ingestUrl}/api/v1/events with the token's bearer. */
    public static HttpRequest events(String ingestUrl, Token token, byte[] body, String contentType, Duration timeout)
            throws IOException, InterruptedException {
        return HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/events"))
                .header("Authorization", "Bearer " + token.get()).header("Content-Type", contentType)
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    public static HttpRequest events(String ingestUrl, Token token, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        return events(ingestUrl, token, body, "application/json", timeout);
    }
}
