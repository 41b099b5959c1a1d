package dev.flowlens.events;

import java.util.List;

/** One realistic event of each type (a Jira item, a GitHub pull request, deployment and incident): every field set. */
public final class EventSamples {

    /** One event of each type, in {@link EventType} order, as the connectors write them. */
    public static final List<String> ALL = List.of("""
            {"specversion":"1.0","id":"jira:acme:PAY-123:upserted:2026-03-02T09:15:00.123Z","source":"jira/acme",
             "type":"workitem.upserted","time":"2026-03-02T09:15:00.123Z","subject":"PAY-123",
             "datacontenttype":"application/json","flowlensmapped":"2026-03-02T09:15:01.456789Z",
             "data":{"itemId":"jira:acme:PAY-123","key":"PAY-123","title":"Payment retries double-charge a card",
                     "itemType":"defect","project":"PAY","team":"payments","status":"In Progress",
                     "createdAt":"2026-02-27T14:03:11.5+01:00","url":"https://acme.atlassian.net/browse/PAY-123",
                     "labels":["backend","customer-reported"],"parentId":"jira:acme:PAY-100"}}""", """
            {"specversion":"1.0","id":"jira:acme:10001:changelog:4711","source":"jira/acme",
             "type":"workitem.transitioned","time":"2026-03-02T09:15:00Z","subject":"PAY-123",
             "datacontenttype":"application/json",
             "data":{"itemId":"jira:acme:PAY-123","fromStatus":"To Do","toStatus":"In Progress",
                     "at":"2026-03-02T10:15:00+01:00"}}""", """
            {"specversion":"1.0","id":"jira:acme:PAY-9:deleted","source":"jira/acme","type":"workitem.deleted",
             "time":"2026-03-03T08:00:00Z","subject":"PAY-9","data":{"itemId":"jira:acme:PAY-9"}}""", """
            {"specversion":"1.0","id":"github:acme/payments#42:opened","source":"github/acme",
             "type":"change.opened","time":"2026-03-02T11:00:00Z","subject":"acme/payments#42",
             "datacontenttype":"application/json",
             "data":{"changeId":"github:acme/payments#42","repository":"acme/payments",
                     "title":"PAY-123: retry with an idempotency key","author":"octocat",
                     "createdAt":"2026-03-02T11:00:00Z","workItemKeys":["PAY-123"],
                     "readyForReviewAt":"2026-03-02T15:30:00Z"}}""", """
            {"specversion":"1.0","id":"github:acme/payments#42:merged","source":"github/acme",
             "type":"change.merged","time":"2026-03-03T16:20:05Z","subject":"acme/payments#42",
             "datacontenttype":"application/json",
             "data":{"changeId":"github:acme/payments#42","repository":"acme/payments",
                     "title":"PAY-123: retry with an idempotency key","author":"octocat",
                     "createdAt":"2026-03-02T11:00:00Z","firstCommitAt":"2026-03-01T17:45:00Z",
                     "mergedAt":"2026-03-03T16:20:05Z","mergeCommitSha":"9fceb02d0ae598e95dc970b74767f19372d61af8",
                     "workItemKeys":["PAY-123","PAY-124"],"readyForReviewAt":"2026-03-02T15:30:00Z"}}""", """
            {"specversion":"1.0","id":"github:acme/payments#42:review:9001","source":"github/acme",
             "type":"change.reviewed","time":"2026-03-03T10:12:00Z","subject":"acme/payments#42",
             "datacontenttype":"application/json",
             "data":{"reviewId":"github:acme/payments#42:review:9001","changeId":"github:acme/payments#42",
                     "repository":"acme/payments","reviewer":"hubot","state":"changes_requested",
                     "submittedAt":"2026-03-03T10:12:00Z"}}""", """
            {"specversion":"1.0","id":"github:acme/payments#43:closed","source":"github/acme",
             "type":"change.closed","time":"2026-03-03T12:00:00Z","subject":"acme/payments#43",
             "datacontenttype":"application/json",
             "data":{"changeId":"github:acme/payments#43","repository":"acme/payments",
                     "closedAt":"2026-03-03T12:00:00Z"}}""", """
            {"specversion":"1.0","id":"github:acme/payments:deployment-status:1001","source":"github/acme",
             "type":"deployment.finished","time":"2026-03-03T17:02:00Z","subject":"acme/payments@production",
             "datacontenttype":"application/json",
             "data":{"deploymentId":"github:acme/payments:deployment:77","service":"acme/payments",
                     "environment":"production","status":"success","startedAt":"2026-03-03T16:55:00Z",
                     "finishedAt":"2026-03-03T17:02:00Z","commitShas":["9fceb02d0ae598e95dc970b74767f19372d61af8"],
                     "rollbackOf":"github:acme/payments:deployment:76","hotfix":true}}""",
            """
            {"specversion":"1.0","id":"github:acme/payments#51:incident:opened","source":"github/acme",
             "type":"incident.opened","time":"2026-03-03T18:00:00Z","subject":"acme/payments#51",
             "datacontenttype":"application/json",
             "data":{"incidentId":"github:acme/payments#51","service":"acme/payments","severity":"sev2",
                     "openedAt":"2026-03-03T18:00:00Z","causedByDeploymentId":"github:acme/payments:deployment:77",
                     "title":"Checkout answers 502","url":"https://github.com/acme/payments/issues/51"}}""",
            """
            {"specversion":"1.0","id":"github:acme/payments#51:incident:resolved:2026-03-03T19:30:00Z",
             "source":"github/acme","type":"incident.resolved","time":"2026-03-03T19:30:00Z",
             "subject":"acme/payments#51","datacontenttype":"application/json",
             "data":{"incidentId":"github:acme/payments#51","service":"acme/payments",
                     "openedAt":"2026-03-03T18:00:00Z","resolvedAt":"2026-03-03T19:30:00Z",
                     "causedByDeploymentId":"github:acme/payments:deployment:77",
                     "title":"Checkout answers 502","url":"https://github.com/acme/payments/issues/51"}}""");

    private EventSamples() {
    }
}
