package dev.flowlens.ingest.connector.opsgenie;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.ToolConnector;
import dev.flowlens.ingest.connector.ToolMapper;
import jakarta.enterprise.context.ApplicationScoped;

/** Registers the Opsgenie mapper with the shared webhook and replay paths. */
@ApplicationScoped
public class OpsgenieConnector implements ToolConnector {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.OPSGENIE;
    }

    @Override
    public ToolMapper mapper(ConnectorSettings settings) {
        return new OpsgenieMapper(settings);
    }
}
