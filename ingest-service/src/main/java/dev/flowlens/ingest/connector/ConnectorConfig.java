package dev.flowlens.ingest.connector;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the connectors: secret encryption, the webhook address shown to admins and the webhooks' limits. */
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

    /** What the webhook endpoints, which anyone can reach, take in at most (docs/operations.md, "Configuration"). */
    Webhooks webhooks();

    /**
     * Limits of {@code POST /webhooks/{tool}/{connectorId}}, checked before a body is read: a delivery to an unknown
     * connector is answered 404 without reading it, a larger one than {@link #maxBodySize()} 413, and one that would
     * take the bodies being received and stored past {@link #inFlightBytes()} 429 (with {@code Retry-After}).
     */
    interface Webhooks {
        /**
         * Largest webhook body. GitHub caps its deliveries at 25 MB; below {@code quarkus.http.limits.max-body-size},
         * which also covers the events API's batches.
         */
        @WithDefault("25M")
        MemorySize maxBodySize();

        /**
         * Most webhook body bytes held at once, over every delivery being received, checked and stored; a body
         * without {@code Content-Length} counts as {@link #maxBodySize()}. At least {@link #maxBodySize()}. Each byte
         * costs a few in the heap while it is read and copied, so this stays well under the service's heap
         * ({@code -Xmx256m} with bin/flowlens).
         */
        @WithDefault("32M")
        MemorySize inFlightBytes();
    }
}
