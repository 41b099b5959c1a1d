/**
 * Webhook deliveries: the gate that refuses unknown connectors and oversized bodies before a body is read, and the
 * intake that checks the tool's signature (HMAC-SHA256) and commits, maps and publishes a delivery.
 */
package dev.flowlens.ingest.connector.webhook;
