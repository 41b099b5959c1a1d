/**
 * What every connector shares and each tool package implements: the connector model and its settings
 * ({@link dev.flowlens.ingest.connector.ConnectorSettings}, {@link dev.flowlens.ingest.connector.MappingOptions},
 * {@link dev.flowlens.ingest.connector.ConnectorKind}, {@link dev.flowlens.ingest.connector.ConnectorConfig}) and the
 * per-tool mapping contract ({@link dev.flowlens.ingest.connector.ToolConnector},
 * {@link dev.flowlens.ingest.connector.ToolMapper}, {@link dev.flowlens.ingest.connector.Mapping},
 * {@link dev.flowlens.ingest.connector.Pulled}, {@link dev.flowlens.ingest.connector.PayloadFields},
 * {@link dev.flowlens.ingest.connector.ToolTime}); it depends on none of its subpackages (ArchitectureTest).
 */
package dev.flowlens.ingest.connector;
