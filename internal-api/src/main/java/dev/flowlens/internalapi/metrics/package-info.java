/**
 * The records of metrics-service's internal API (docs/internal-api.md), written once: metrics-service answers them
 * as JSON, the gateway reads them and serves them as its GraphQL types, so their MicroProfile GraphQL annotations
 * are the served schema's descriptions (gateway/schema.graphql).
 */
package dev.flowlens.internalapi.metrics;
