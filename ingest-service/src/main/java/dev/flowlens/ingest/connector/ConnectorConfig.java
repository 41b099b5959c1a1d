package dev.flowlens.ingest.connector;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the connectors: secret encryption and the webhook address shown to admins. */
@ConfigMapping(prefix = "flowlens.connectors")
public interface ConnectorConfig {

    /**
     * AES-256 key (base64 of 32 bytes) that encrypts connector tokens and webhook secrets at rest;
     * from the environment ({@code FLOWLENS_SECRET_KEY}) only. Without it no connector secret can
     * be stored or checked (saving answers 503, webhooks of such connectors 503).
     */
    Optional<String> secretKey();

    /** The public base URL of this service, for the {@code webhookUrl} an admin pastes into the tool. */
    @WithDefault("http://localhost:8081")
    String webhookBaseUrl();

    /**
     * How long a webhook delivery may be checked against a connector's settings and secret read earlier (saves a
     * database read, a settings parse and a decryption per delivery). A connector saved through this instance
     * applies at once; saved through another instance, within this time. 0 reads it for every delivery.
     */
    @WithDefault("2s")
    Duration cacheTtl();
}
