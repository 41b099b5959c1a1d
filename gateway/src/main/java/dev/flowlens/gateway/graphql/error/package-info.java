/**
 * The GraphQL errors a client can act on, each with its error code, and the logging of the unexpected ones.
 */
package dev.flowlens.gateway.graphql.error;
