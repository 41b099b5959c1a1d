package dev.flowlens.ingest.connector;

/**
 * What each tool package contributes to the shared webhook and replay paths: its kind and its
 * mapper. One {@code @ApplicationScoped} implementation per tool package.
 */
public interface ToolConnector {

    ConnectorKind kind();

    ToolMapper mapper(ConnectorSettings settings);
}
