package dev.flowlens.ingest.connector;

import java.util.Locale;
import java.util.Optional;

/** The tools Flowlens has a connector for (schema.graphql {@code ConnectorKind}). */
public enum ConnectorKind {
    GITHUB, GITLAB, JIRA, PAGERDUTY, OPSGENIE, JENKINS;

    /** The lower-case name used in paths and ids: {@code /webhooks/github/...}, {@code github:...}. */
    public String pathName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named (case-insensitive), if it is one. */
    public static Optional<ConnectorKind> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (ConnectorKind k : values()) {
            if (k.name().equalsIgnoreCase(s.trim())) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
