package dev.flowlens.ingest.connector.gitlab;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.ToolConnector;
import dev.flowlens.ingest.connector.ToolMapper;
import jakarta.enterprise.context.ApplicationScoped;

/** Registers the Gitlab mapper with the shared webhook and replay paths. */
@ApplicationScoped
public class GitlabConnector implements ToolConnector {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.GITLAB;
    }

    @Override
    public ToolMapper mapper(ConnectorSettings settings) {
        return new GitlabMapper(settings);
    }
}
