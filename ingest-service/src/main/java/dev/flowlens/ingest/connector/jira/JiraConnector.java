package dev.flowlens.ingest.connector.jira;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.ToolConnector;
import dev.flowlens.ingest.connector.ToolMapper;
import jakarta.enterprise.context.ApplicationScoped;

/** Registers the Jira mapper with the shared webhook and replay paths. */
@ApplicationScoped
public class JiraConnector implements ToolConnector {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.JIRA;
    }

    @Override
    public ToolMapper mapper(ConnectorSettings settings) {
        return new JiraMapper(settings);
    }
}
