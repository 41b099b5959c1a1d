package dev.flowlens.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of what the gateway serves with: metrics-service (every value stream query) and Keycloak (every token's
 * keys) must answer; ingest-service only backs connector administration, so it is reported but does not make the
 * gateway unready (dashboards keep working while it is away). The RabbitMQ channel of flowChanged has its own check
 * from the messaging extension.
 */
@Readiness
@ApplicationScoped
public class BackendReadiness implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String metricsUrl;
    private final String ingestUrl;
    private final String oidcUrl;

    BackendReadiness(@ConfigProperty(name = "quarkus.rest-client.metrics.url") String metricsUrl,
            @ConfigProperty(name = "quarkus.rest-client.ingest.url") String ingestUrl,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcUrl) {
        this.metricsUrl = metricsUrl;
        this.ingestUrl = ingestUrl;
        this.oidcUrl = oidcUrl.orElse(null);
    }

    @Override
    public HealthCheckResponse call() {
        String metrics = probe(metricsUrl + "/q/health/live");
        // no auth server configured: tokens are checked against local keys only (tests), nothing to reach
        String keycloak = oidcUrl == null ? "up" : probe(oidcUrl + "/.well-known/openid-configuration");
        String ingest = probe(ingestUrl + "/q/health/live");
        HealthCheckResponseBuilder r = HealthCheckResponse.named("backends")
                .status("up".equals(metrics) && "up".equals(keycloak))
                .withData("metrics-service", metrics)
                .withData("keycloak", keycloak)
                .withData("ingest-service", ingest + ("up".equals(ingest) ? "" : " (connector administration only)"));
        return r.build();
    }

    /** "up", or what went wrong, without anything secret (these URLs carry none). */
    private String probe(String url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? "up" : "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        }
    }
}
