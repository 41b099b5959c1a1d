/**
 * The GraphQL output types the gateway defines itself: connectors and sync runs (its view of ingest-service's
 * answers), flow changes. The value streams and every metric answer are internal-api's records, served as they are.
 */
package dev.flowlens.gateway.graphql.type;
