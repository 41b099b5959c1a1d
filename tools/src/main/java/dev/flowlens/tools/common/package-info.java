/**
 * What every program of the tools module shares: command-line options, JSON (Jackson), CloudEvents bodies, Keycloak
 * tokens, the HTTP and GraphQL clients, psql counts, latency recording (HdrHistogram) and the figure | target |
 * measured | pass table.
 */
package dev.flowlens.tools.common;
