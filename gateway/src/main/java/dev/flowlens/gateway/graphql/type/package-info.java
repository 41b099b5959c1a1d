/**
 * The GraphQL output types the gateway defines itself (the ones metrics-service answers are in internal-api):
 * value streams, their scope and the answers with an item type, connectors and sync runs, flow changes.
 */
package dev.flowlens.gateway.graphql.type;
