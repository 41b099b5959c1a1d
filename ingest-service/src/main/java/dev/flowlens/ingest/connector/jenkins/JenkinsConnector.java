package dev.flowlens.ingest.connector.jenkins;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.ToolConnector;
import dev.flowlens.ingest.connector.ToolMapper;
import jakarta.enterprise.context.ApplicationScoped;

/** Registers the Jenkins mapper with the shared webhook and replay paths. */
@ApplicationScoped
public class JenkinsConnector implements ToolConnector {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.JENKINS;
    }

    @Override
    public ToolMapper mapper(ConnectorSettings settings) {
        return new JenkinsMapper(settings);
    }
}
