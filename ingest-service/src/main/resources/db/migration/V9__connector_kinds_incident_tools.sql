-- Issue 26: the incident tools and Jenkins are connector kinds too (ConnectorKind).
alter table ingest.connector drop constraint connector_kind_check;
alter table ingest.connector add constraint connector_kind_check
    check (kind in ('GITHUB', 'GITLAB', 'JIRA', 'PAGERDUTY', 'OPSGENIE', 'JENKINS'));
