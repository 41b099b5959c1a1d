package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import dev.flowlens.testsupport.Csv;
import dev.flowlens.testsupport.DevLake;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Peer check against Apache DevLake's issue_trace e2e fixture (testdata/devlake/issue_trace, real Jira
 * changelogs of merico.atlassian.net; testdata/devlake/README.md). DevLake rebuilds per-issue status history
 * (issue_status_history.csv, 200 rows) from the status changelog: segment 0 starts at the issue's created date in
 * the first change's from-status, each change starts a segment in its to-status. That is METRICS.md's timeline rule,
 * so our {@link Timeline} must rebuild the same segments.
 *
 * <p>Known differences, asserted below rather than hidden:
 * <ul>
 *   <li>An issue without status changelog: DevLake writes one row with is_current_status=0 (a quirk); our timeline
 *       has one segment in the upserted status, which is current. Only issue 10100 is affected.</li>
 *   <li>Zero-length segments (two changes at one instant, or a change at createdAt) are kept by DevLake and dropped by
 *       us (strict {@code < t} rule: no instant sees them). No Jira issue here has such ties, but one TAPD story's
 *       first change ("" -> Open) is dated exactly at its creation: DevLake keeps a zero-length "" row, we start in
 *       Open.</li>
 *   <li>Jira's lead_time_minutes = resolutiondate - created; ours = last entry into DONE - created. They agree to the
 *       minute on every issue with a status changelog; issue 10100 (no changelog, created in a done status) has our
 *       lead time 0 while Jira's resolutiondate is 6 days later.</li>
 * </ul>
 */
class DevLakeIssueTraceTest {
    private static final String NO_CHANGELOG_ISSUE = "jira:JiraIssue:2:10100";
    /** Our mapping of the fixture's Jira statuses (the README says: use your own status-category mapping). */
    static final ValueStream JIRA_STREAM = new ValueStream("devlake", "DevLake issue_trace", Scope.all(),
            List.of(new Stage("Ready", List.of("Ready for Dev"), StageKind.WAITING),
                    new Stage("Development", List.of("In Development", "In Progress"), StageKind.ACTIVE)),
            List.of("Closed", "Resolved", "已完成"), null, null);

    static List<Map<String, String>> issues;
    static Set<String> board;
    static Map<String, List<Map<String, String>>> changelogByIssue;
    static Map<String, List<Map<String, String>>> snapshotByIssue;
    static int snapshotRows;

    @BeforeAll
    static void load() throws IOException {
        Path dir = DevLake.folder("issue_trace");
        issues = Csv.read(dir.resolve("raw_tables/issues.csv"));
        board = new HashSet<>();
        for (Map<String, String> r : Csv.read(dir.resolve("raw_tables/board_issues.csv"))) {
            board.add(r.get("issue_id"));
        }
        List<Map<String, String>> status = new ArrayList<>();
        for (Map<String, String> r : Csv.read(dir.resolve("raw_tables/issue_changelogs.csv"))) {
            if ("status".equals(r.get("field_name"))) {
                status.add(r);
            }
        }
        changelogByIssue = Csv.groupBy(status, "issue_id");
        List<Map<String, String>> snapshot = Csv.read(dir.resolve("snapshot_tables/issue_status_history.csv"));
        snapshotRows = snapshot.size();
        snapshotByIssue = Csv.groupBy(snapshot, "issue_id");
        assertThat(issues).as("issues.csv rows").hasSize(32);
        assertThat(snapshotRows).as("issue_status_history.csv rows").isEqualTo(200);
    }

    static WorkItemFacts toFacts(Map<String, String> issue) {
        List<Transition> ts = new ArrayList<>();
        for (Map<String, String> c : changelogByIssue.getOrDefault(issue.get("id"), List.of())) {
            ts.add(new Transition(c.get("id"), emptyToNull(c.get("original_from_value")),
                    emptyToNull(c.get("original_to_value")), DevLake.time(c.get("created_date"))));
        }
        return new WorkItemFacts(issue.get("id"), issue.get("issue_key"), issue.get("title"), ItemType.FEATURE,
                "EE", null, issue.get("original_status"), DevLake.time(issue.get("created_date")), issue.get("url"), ts);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Test
    @DisplayName("Timeline (METRICS.md 'An item's timeline') rebuilds DevLake's status segments (200 rows, one zero-length): start, status, first, current")
    void segmentsMatchDevLake() {
        StatusIndex index = StatusIndex.of(JIRA_STREAM);
        Set<String> ours = new TreeSet<>();
        Set<String> theirs = new TreeSet<>();
        List<String> zeroLength = new ArrayList<>();
        int checkedIssues = 0;
        for (Map<String, String> issue : issues) {
            if (!board.contains(issue.get("id"))) {
                continue;
            }
            checkedIssues++;
            Timeline tl = Timeline.of(toFacts(issue), index);
            for (int i = 0; i < tl.segmentCount(); i++) {
                boolean current = i == tl.segmentCount() - 1;
                if (issue.get("id").equals(NO_CHANGELOG_ISSUE)) {
                    current = false; // DevLake quirk for issues without status changelog (documented above)
                }
                ours.add(row(issue.get("id"), tl.segmentStart(i), tl.segmentStatus(i), i == 0, current));
            }
            // DevLake's rows in time order (the first-status row first on a tie); a row whose successor starts
            // at the same instant has zero length: DevLake keeps it, our strict rule drops it and the successor
            // inherits is_first_status.
            List<Map<String, String>> rows = new ArrayList<>(snapshotByIssue.getOrDefault(issue.get("id"),
                    List.of()));
            rows.sort(java.util.Comparator.<Map<String, String>, Instant>comparing(r -> DevLake.time(r.get("start_date")))
                    .thenComparing(r -> r.get("is_first_status").equals("1") ? 0 : 1));
            boolean inheritFirst = false;
            for (int k = 0; k < rows.size(); k++) {
                Map<String, String> r = rows.get(k);
                boolean first = inheritFirst || r.get("is_first_status").equals("1");
                Instant start = DevLake.time(r.get("start_date"));
                if (k + 1 < rows.size() && DevLake.time(rows.get(k + 1).get("start_date")).equals(start)) {
                    zeroLength.add(row(issue.get("id"), start, r.get("original_status"), first, false));
                    inheritFirst = first;
                    continue;
                }
                inheritFirst = false;
                theirs.add(row(r.get("issue_id"), start, r.get("original_status"), first,
                        r.get("is_current_status").equals("1")));
            }
        }
        assertThat(checkedIssues).isEqualTo(32);
        // Exactly one DevLake row has zero length: TAPD story 1017333 was created at 13:17:24 and its first status
        // change "" -> Open is dated the same instant. Under METRICS.md (state at t is strict < t) it was never
        // in the empty status, so our timeline starts in Open.
        assertThat(zeroLength).containsExactly(
                "tapd:TapdStory:2:1149308060001017333|2023-05-31T13:17:24Z||first=true|current=false");
        assertThat(theirs).hasSize(199);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    @Test
    @DisplayName("The no-changelog quirk is the only flag we override: our timeline calls that segment current")
    void quirkIsReal() {
        Timeline tl = Timeline.of(toFacts(issues.stream().filter(i -> i.get("id").equals(NO_CHANGELOG_ISSUE))
                .findFirst().orElseThrow()), StatusIndex.of(JIRA_STREAM));
        assertThat(tl.segmentCount()).isEqualTo(1);
        assertThat(snapshotByIssue.get(NO_CHANGELOG_ISSUE)).singleElement()
                .satisfies(r -> assertThat(r.get("is_current_status")).isEqualTo("0"));
    }

    @Test
    @DisplayName("Lead time (flow end - createdAt) equals Jira's lead_time_minutes (floor) on all issues but the no-changelog one")
    void leadTimeMatchesJira() {
        StatusIndex index = StatusIndex.of(JIRA_STREAM);
        Instant asOf = Instant.parse("2024-01-01T00:00:00Z");
        Set<String> differing = new TreeSet<>();
        int compared = 0;
        for (Map<String, String> issue : issues) {
            WorkItemFacts f = toFacts(issue);
            Timeline tl = Timeline.of(f, index);
            Instant end = tl.flowEnd(asOf);
            assertThat(end).as("every fixture issue is done: %s", issue.get("id")).isNotNull();
            long ours = (long) Math.floor(Times.seconds(f.createdAt(), end) / 60);
            compared++;
            if (ours != Long.parseLong(issue.get("lead_time_minutes"))) {
                differing.add(issue.get("id"));
            }
        }
        assertThat(compared).isEqualTo(32);
        assertThat(differing).containsExactly(NO_CHANGELOG_ISSUE);
    }

    @Test
    @DisplayName("Flow metrics over the fixture: 31 issues finished with a flow start, efficiency in (0, 1]")
    void flowOverFixture() {
        List<WorkItemFacts> items = new ArrayList<>();
        for (Map<String, String> issue : issues) {
            items.add(toFacts(issue));
        }
        Window w = new Window(Instant.parse("2020-06-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"),
                Granularity.MONTH);
        FlowMetrics m = FlowCalculator.flow(JIRA_STREAM, items, w, Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(m.velocity()).isEqualTo(32);
        assertThat(m.load()).isZero();
        assertThat(m.flowEfficiency()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        // Issues that went straight from a NEW status to done count in velocity only.
        long withStart = items.stream().filter(i -> Timeline.of(i, StatusIndex.of(JIRA_STREAM))
                .flowStart(w.to()) != null).count();
        assertThat(m.flowTime().count()).isEqualTo((int) withStart);
    }

    private static String row(String issue, Instant start, String status, boolean first, boolean current) {
        return issue + "|" + start + "|" + status + "|first=" + first + "|current=" + current;
    }
}
