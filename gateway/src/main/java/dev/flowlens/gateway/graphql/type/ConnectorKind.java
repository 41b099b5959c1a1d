package dev.flowlens.gateway.graphql.type;

import org.eclipse.microprofile.graphql.Description;

/** The tool a connector pulls from and receives webhooks of (ingest-service's kinds). */
@Description("The tool a connector reads: work items, pull requests, deployments and incidents come from it.")
public enum ConnectorKind {
    @Description("GitHub (github.com or GitHub Enterprise): issues, pull requests, deployments.")
    GITHUB,
    @Description("GitLab (gitlab.com or self-managed): issues, merge requests, deployments.")
    GITLAB,
    @Description("Jira (Cloud or Data Center): issues and their status changes.")
    JIRA,
    @Description("PagerDuty: incidents, opened and resolved.")
    PAGERDUTY,
    @Description("Opsgenie: incidents, opened and resolved.")
    OPSGENIE,
    @Description("Jenkins: finished builds of the jobs named as deployments.")
    JENKINS
}
