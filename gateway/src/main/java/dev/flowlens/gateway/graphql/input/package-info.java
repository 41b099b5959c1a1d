/**
 * The GraphQL input types the gateway sends on to a service as they are: value streams, their stages and scope,
 * connectors.
 */
package dev.flowlens.gateway.graphql.input;
