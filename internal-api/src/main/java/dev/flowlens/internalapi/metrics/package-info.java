/**
 * The records of metrics-service's internal API (docs/internal-api.md), written once: metrics-service reads and
 * answers them as JSON, the gateway sends and reads them and serves them as its GraphQL types and inputs, so their
 * MicroProfile GraphQL annotations are the served schema's descriptions (gateway/schema.graphql). Value streams and
 * their scope, stages and inputs, the request bodies, and every metric answer (those with an item type carry
 * flow-events' one {@link dev.flowlens.events.ItemType}). Plain records: the rules over them (validation, scope
 * matching) are metrics-service's ({@code dev.flowlens.metrics.calc}), GraphQL-only fields the gateway's.
 */
package dev.flowlens.internalapi.metrics;
