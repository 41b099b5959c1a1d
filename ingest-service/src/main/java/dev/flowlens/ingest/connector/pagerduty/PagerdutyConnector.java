package dev.flowlens.ingest.connector.pagerduty;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.ToolConnector;
import dev.flowlens.ingest.connector.ToolMapper;
import jakarta.enterprise.context.ApplicationScoped;

/** Registers the PagerDuty mapper with the shared webhook and replay paths. */
@ApplicationScoped
public class PagerdutyConnector implements ToolConnector {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.PAGERDUTY;
    }

    @Override
    public ToolMapper mapper(ConnectorSettings settings) {
        return new PagerdutyMapper(settings);
    }
}
