package dev.flowlens.ingest.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group commit queue without a database: a fake writer that answers later, on another thread. */
class GroupCommitTest {

    private final ExecutorService database = Executors.newFixedThreadPool(4);
    private final List<List<Integer>> groups = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    @AfterEach
    void stop() throws InterruptedException {
        database.shutdownNow();
        database.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A writer that takes 2 ms per group and answers each request with its square; {@code refuse} fails any group holding it. */
    private Function<List<Integer>, Uni<List<Integer>>> writer(int refuse) {
        return group -> Uni.createFrom().completionStage(() -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            groups.add(List.copyOf(group));
            inFlight.decrementAndGet();
            if (group.contains(refuse)) {
                throw new IllegalStateException("refused " + refuse);
            }
            List<Integer> out = new ArrayList<>();
            group.forEach(r -> out.add(r * r));
            return out;
        }, database));
    }

    @Test
    void everyRequestGetsItsOwnResultAndGroupsStayWithinTheLimits() throws Exception {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(new GroupCommit.Limits(2, 10, 25, 1_000),
                writer(-1), r -> r % 5, r -> 10, size -> { });
        int requests = 2_000;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        ConcurrentHashMap<Integer, Integer> results = new ConcurrentHashMap<>();
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 1; i <= requests; i++) {
            int r = i;
            sent.add(clients.submit(() -> results.put(r, commit.submit(r).await().atMost(Duration.ofSeconds(30)))));
        }
        for (var f : sent) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(results).hasSize(requests);
        results.forEach((r, result) -> assertThat(result).isEqualTo(r * r));
        List<Integer> written = new ArrayList<>();
        groups.forEach(written::addAll);
        Collections.sort(written);
        assertThat(written).hasSize(requests).doesNotHaveDuplicates();
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(2);
        for (List<Integer> g : groups) {
            assertThat(g).hasSizeLessThanOrEqualTo(10);
            if (g.size() > 1) {
                assertThat(g.stream().mapToInt(r -> r % 5).sum()).isLessThanOrEqualTo(25);
            }
        }
        // 8 clients against 2 writers of 2 ms each: requests queue, so groups of more than one must have formed
        assertThat(groups.stream().mapToInt(List::size).max().orElse(0)).isGreaterThan(1);
        assertThat(commit.waiting()).isZero();
    }

    @Test
    void aRequestOverTheLimitsIsWrittenAlone() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(new GroupCommit.Limits(1, 10, 5, 1_000),
                writer(-1), r -> r, r -> 1, size -> { });
        assertThat(commit.submit(50).await().atMost(Duration.ofSeconds(10))).isEqualTo(2_500);
        assertThat(groups).containsExactly(List.of(50));
    }

    @Test
    void aFailedGroupIsWrittenAgainRequestByRequestSoOnlyTheRefusedOneFails() throws Exception {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(new GroupCommit.Limits(1, 50, 1_000, 1_000),
                writer(7), r -> 1, r -> 1, size -> { });
        // the first request occupies the only writer, so the next ten wait and form one group
        List<java.util.concurrent.CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int r = 1; r <= 11; r++) {
            futures.add(commit.submit(r).subscribeAsCompletionStage());
        }
        for (int r = 1; r <= 11; r++) {
            if (r == 7) {
                int index = r - 1;
                assertThatThrownBy(() -> futures.get(index).get(10, TimeUnit.SECONDS)).hasMessageContaining("refused 7");
            } else {
                assertThat(futures.get(r - 1).get(10, TimeUnit.SECONDS)).isEqualTo(r * r);
            }
        }
        assertThat(groups).anySatisfy(g -> assertThat(g).contains(7).hasSizeGreaterThan(1));
        assertThat(groups).contains(List.of(7));
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(10); // the re-writes of a failed group run together
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThatThrownBy(() -> new GroupCommit.Limits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
