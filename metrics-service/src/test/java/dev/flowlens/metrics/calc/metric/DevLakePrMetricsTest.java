package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.DeliveryMetrics;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.testsupport.Csv;
import dev.flowlens.testsupport.DevLake;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Peer check of METRICS.md "Delivery" against Apache DevLake's PR metrics (testdata/devlake/dora/change_lead_time,
 * expected output project_pr_metrics.csv; testdata/devlake/README.md). DevLake's spans are minutes rounded up and
 * NULL when negative; ours are seconds, clamped at 0 (coding, pickup, review). A PR comment is a review
 * (pull_request_comments: account_id is the reviewer); a PR's author is author_id. Deployments and the linking are
 * those of {@link DevLakeChangeLeadTimeTest}. Each PR is measured alone, so each phase has 0 or 1 value: its p50.
 * The rows where the rules differ are asserted as differences and written in docs/metrics-rules.md.
 */
class DevLakePrMetricsTest {
    static Map<String, DeliveryMetrics> ours;

    @BeforeAll
    static void load() throws IOException {
        DevLakeChangeLeadTimeTest.load();
        Path dir = DevLake.folder("dora/change_lead_time");
        Map<String, String> author = new HashMap<>();
        for (Map<String, String> pr : Csv.read(dir.resolve("pull_requests.csv"))) {
            author.put(pr.get("id"), pr.get("author_id").isEmpty() ? null : pr.get("author_id"));
        }
        List<ReviewFact> reviews = new ArrayList<>();
        for (Map<String, String> c : Csv.read(dir.resolve("pull_request_comments.csv"))) {
            reviews.add(new ReviewFact(c.get("id"), c.get("pull_request_id"), "repo1", c.get("account_id"), "commented",
                    DevLake.time(c.get("created_date"))));
        }
        ours = new HashMap<>();
        for (ChangeFact c : DevLakeChangeLeadTimeTest.changes) {
            ChangeFact withAuthor = new ChangeFact(c.changeId(), c.repository(), c.createdAt(), c.firstCommitAt(),
                    c.mergedAt(), c.mergeCommitSha(), author.get(c.changeId()), null, List.of());
            ours.put(c.changeId(), DeliveryCalculator.delivery(DevLakeChangeLeadTimeTest.PROJECT1, List.of(withAuthor),
                    reviews, DevLakeChangeLeadTimeTest.deployments, DevLakeChangeLeadTimeTest.WINDOW,
                    DevLakeChangeLeadTimeTest.NOW));
        }
    }

    /** Our seconds as DevLake writes them: minutes rounded up; "" for no value. */
    static String minutes(Double seconds) {
        return seconds == null ? "" : String.valueOf((long) Math.ceil(seconds / 60));
    }

    static String devlake(String pr, String column) {
        return DevLakeChangeLeadTimeTest.expected.get(pr).get(column);
    }

    @Test
    @DisplayName("Agreement: coding, pickup, review and deploy time where neither rule drops or clamps a value")
    void whereTheRulesAgree() {
        String[][] agree = {
            {"pr0", "pr_coding_time"}, {"pr1", "pr_coding_time"}, {"pr3", "pr_coding_time"},
            {"pr4", "pr_coding_time"}, {"pr5", "pr_coding_time"},
            {"pr1", "pr_pickup_time"}, {"pr2", "pr_pickup_time"},
            {"pr1", "pr_review_time"}, {"pr2", "pr_review_time"}, {"pr3", "pr_review_time"}, {"pr5", "pr_review_time"},
            {"pr1", "pr_deploy_time"}, {"pr2", "pr_deploy_time"}, {"pr3", "pr_deploy_time"},
            {"pr4", "pr_deploy_time"}, {"pr5", "pr_deploy_time"},
        };
        for (String[] a : agree) {
            assertThat(minutes(phase(a[0], a[1]))).as(a[0] + " " + a[1]).isEqualTo(devlake(a[0], a[1]));
        }
        // pr1 by hand: coding 04-10T04:51:47 -> created 04-11T04:51:47 = 1440 min; the author's own comment (a,
        // 04:53:47) is no review, b's at 04:56:47 is: pickup 5 min, review 55 min; deploy 2977.45 min -> 2978
        assertThat(ours.get("pr1").pickupTime().p50()).isEqualTo(300.0);
        assertThat(ours.get("pr1").reviewTime().p50()).isEqualTo(3300.0);
        // pr0: its only comment is its author's: unreviewed for both (DevLake: no first_review_id)
        assertThat(devlake("pr0", "first_review_id")).isEmpty();
        assertThat(ours.get("pr0").unreviewedShare()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("Differences: negative spans (DevLake NULL, ours 0), a review after the merge, pr0's first deployment")
    void whereTheRulesDiffer() {
        // pr2: first commit authored after the PR was created: DevLake NULL, ours max(0, ..) = 0
        assertThat(devlake("pr2", "pr_coding_time")).isEmpty();
        assertThat(ours.get("pr2").codingTime().p50()).isZero();
        // pr3, pr5: first review before the PR was created: DevLake pickup NULL, ours 0
        for (String pr : List.of("pr3", "pr5")) {
            assertThat(devlake(pr, "pr_pickup_time")).as(pr).isEmpty();
            assertThat(ours.get(pr).pickupTime().p50()).as(pr).isZero();
        }
        // pr4 (no author): its comments come a day after the merge; DevLake takes the first as its review (pickup
        // 1500 min, review NULL); a review after mergedAt does not qualify for us: unreviewed
        assertThat(devlake("pr4", "pr_pickup_time")).isEqualTo("1500");
        assertThat(ours.get("pr4").pickupTime().count()).isZero();
        assertThat(ours.get("pr4").unreviewedShare()).isEqualTo(1.0);
        // pr0: DevLake never uses the first deployment of a series; we ship pr0 with row 1 (2023-04-10T06:52:47):
        // deploy = 2022-02-10T04:51:47 -> 2023-04-10T06:52:47 = 424 d 2 h 1 min
        assertThat(devlake("pr0", "pr_deploy_time")).isEmpty();
        assertThat(ours.get("pr0").deployTime().p50()).isEqualTo(424 * 86_400.0 + 2 * 3600 + 60);
        // time to merge is not DevLake's cycle time (no deploy, and from the first commit): pr1's 1500 min equals
        // DevLake's coding + created-to-merged (1440 + 60)
        assertThat(minutes(ours.get("pr1").timeToMerge().p50())).isEqualTo("1500");
    }

    private static Double phase(String pr, String column) {
        DeliveryMetrics m = ours.get(pr);
        return switch (column) {
            case "pr_coding_time" -> m.codingTime().p50();
            case "pr_pickup_time" -> m.pickupTime().p50();
            case "pr_review_time" -> m.reviewTime().p50();
            case "pr_deploy_time" -> m.deployTime().p50();
            default -> throw new IllegalArgumentException(column);
        };
    }
}
