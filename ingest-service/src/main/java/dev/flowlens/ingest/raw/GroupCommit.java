package dev.flowlens.ingest.raw;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

/**
 * Group commit: requests that arrive while the database is busy are written together, in one statement, by the next
 * free writer (docs/decisions.md, "Group commit of deliveries"). Nothing waits for a timer: a request arriving at an
 * idle moment is written at once, alone; under load each write takes everything queued, up to the limits, so the
 * number of commits (and WAL flushes) per second stays bounded while the rate grows.
 *
 * <p>Each request is answered with its own result. If a group fails, each of its requests is written again on its
 * own, so that one request the database refuses (or a group too big for some limit) fails only itself.
 *
 * @param <T> a request
 * @param <R> its result
 */
final class GroupCommit<T, R> {

    /** Bounds of one group and of the number of groups in flight. */
    record Limits(int writers, int maxRequests, int maxEvents, int maxBytes) {
        Limits {
            if (writers < 1 || maxRequests < 1 || maxEvents < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("group commit limits must be at least 1: " + writers + ", "
                        + maxRequests + ", " + maxEvents + ", " + maxBytes);
            }
        }
    }

    private record Pending<T, R>(T request, int events, int bytes, Context context, UniEmitter<? super R> emitter) {

        void complete(R result) {
            onOwnContext(() -> emitter.complete(result));
        }

        void fail(Throwable failure) {
            onOwnContext(() -> emitter.fail(failure));
        }

        /** Answers on the request's own Vert.x context (a group is answered from the first request's). */
        private void onOwnContext(Runnable answer) {
            if (context != null && Vertx.currentContext() != context) {
                context.runOnContext(ignored -> answer.run());
            } else {
                answer.run();
            }
        }
    }

    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger writers = new AtomicInteger();
    private final Limits limits;
    private final Function<List<T>, Uni<List<R>>> write;
    private final ToIntFunction<T> events;
    private final ToIntFunction<T> bytes;
    private final IntConsumer groupSize;

    /**
     * @param write     writes a group in one statement; its list holds one result per request, in order
     * @param events    the events a request carries (a group holds at most {@code maxEvents}, unless one request alone has more)
     * @param bytes     the bytes a request carries (likewise for {@code maxBytes})
     * @param groupSize told the size of every group written (a metric)
     */
    GroupCommit(Limits limits, Function<List<T>, Uni<List<R>>> write, ToIntFunction<T> events, ToIntFunction<T> bytes,
            IntConsumer groupSize) {
        this.limits = limits;
        this.write = write;
        this.events = events;
        this.bytes = bytes;
        this.groupSize = groupSize;
    }

    /** Writes a request with whatever else is waiting; the item is its result once its group is committed. */
    Uni<R> submit(T request) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending<>(request, events.applyAsInt(request), bytes.applyAsInt(request), Vertx.currentContext(),
                    emitter));
            drain();
        });
    }

    /** Requests waiting for a writer (a gauge). */
    int waiting() {
        return queue.size();
    }

    /** Starts writers while requests wait and fewer than the limit are busy. */
    private void drain() {
        while (!queue.isEmpty()) {
            int busy = writers.get();
            if (busy >= limits.writers()) {
                return; // a busy writer drains again when it finishes
            }
            if (!writers.compareAndSet(busy, busy + 1)) {
                continue;
            }
            List<Pending<T, R>> group = take();
            if (group.isEmpty()) {
                writers.decrementAndGet();
                continue;
            }
            writeGroup(group);
        }
    }

    /** The next group: requests in arrival order while the limits allow (the first one always). */
    private synchronized List<Pending<T, R>> take() {
        List<Pending<T, R>> group = new ArrayList<>();
        long groupEvents = 0;
        long groupBytes = 0;
        Pending<T, R> next;
        while (group.size() < limits.maxRequests() && (next = queue.peek()) != null) {
            if (!group.isEmpty() && (groupEvents + next.events() > limits.maxEvents()
                    || groupBytes + next.bytes() > limits.maxBytes())) {
                break;
            }
            group.add(queue.poll());
            groupEvents += next.events();
            groupBytes += next.bytes();
        }
        return group;
    }

    private void writeGroup(List<Pending<T, R>> group) {
        groupSize.accept(group.size());
        List<T> requests = new ArrayList<>(group.size());
        group.forEach(p -> requests.add(p.request()));
        start(requests).subscribe().with(results -> {
            for (int i = 0; i < group.size(); i++) {
                group.get(i).complete(results.get(i));
            }
            finished();
        }, failure -> {
            if (group.size() == 1) {
                group.get(0).fail(failure);
                finished();
            } else {
                alone(group);
            }
        });
    }

    /** Writes each request of a failed group on its own; the writer is free once all are answered. */
    private void alone(List<Pending<T, R>> group) {
        AtomicInteger left = new AtomicInteger(group.size());
        for (Pending<T, R> p : group) {
            start(List.of(p.request())).subscribe().with(results -> {
                p.complete(results.get(0));
                if (left.decrementAndGet() == 0) {
                    finished();
                }
            }, failure -> {
                p.fail(failure);
                if (left.decrementAndGet() == 0) {
                    finished();
                }
            });
        }
    }

    /** The write of these requests; a writer that throws instead of failing its Uni fails it all the same. */
    private Uni<List<R>> start(List<T> requests) {
        try {
            return write.apply(requests);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private void finished() {
        writers.decrementAndGet();
        drain();
    }
}
