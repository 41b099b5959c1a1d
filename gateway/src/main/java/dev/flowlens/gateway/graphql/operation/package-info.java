/**
 * The GraphQL operations, one {@code @GraphQLApi} class per aggregate (value streams and their metric fields,
 * connectors, dead letters, the flowChanged subscription), and the checks they run before any call to a service.
 */
package dev.flowlens.gateway.graphql.operation;
