package dev.flowlens.ingest.connector.github;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.ToolConnector;
import dev.flowlens.ingest.connector.ToolMapper;
import jakarta.enterprise.context.ApplicationScoped;

/** Registers the Github mapper with the shared webhook and replay paths. */
@ApplicationScoped
public class GithubConnector implements ToolConnector {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.GITHUB;
    }

    @Override
    public ToolMapper mapper(ConnectorSettings settings) {
        return new GithubMapper(settings);
    }
}
