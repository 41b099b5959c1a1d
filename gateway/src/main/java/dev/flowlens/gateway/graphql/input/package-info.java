/**
 * The GraphQL input types the gateway defines itself and sends on to ingest-service as they are: connectors. The
 * value stream inputs are internal-api's records.
 */
package dev.flowlens.gateway.graphql.input;
