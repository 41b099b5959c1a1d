package dev.flowlens.metrics.memory;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.flowlens.metrics.view.FactCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.jboss.logging.Logger;

/**
 * Watches the heap in use after garbage collection and warns before it is exhausted (issue #28, docs/sizing.md).
 * <p>
 * What it watches: the tenured pools (every heap pool but eden, survivor and a young generation; with G1 the old
 * generation, whose maximum is the whole heap), which is where the fact cache lives. Two sources report a collection:
 * <ul>
 * <li>the pools' <em>collection usage thresholds</em>, set at {@code flowlens.heap.warn-ratio} of their maximum: the
 * JDK notifies when a collection of the pool leaves it at or above that. On JDK 17 the old generation's collection
 * usage is only updated by a collection of the old generation itself (G1 and Parallel: a full collection), which comes
 * late;</li>
 * <li>so also every collection's own report ({@link GarbageCollectionNotificationInfo}): the tenured pools' use after
 * each young and mixed collection too.</li>
 * </ul>
 * A crossing logs one WARN (used and max, the items the fact cache holds); readiness shows the last reading
 * ({@link HeapReadiness}) and stays UP (docs/decisions.md, "The heap warning leaves readiness UP"); the gauges
 * {@code flowlens_heap_after_gc_ratio}, {@code flowlens_heap_warn_ratio} and the counter
 * {@code flowlens_heap_warnings_total} are on {@code /q/metrics}. Running out of heap anyway ends the process:
 * every way Flowlens starts it passes {@code -XX:+ExitOnOutOfMemoryError}.
 */
@Startup
@ApplicationScoped
public class HeapWatch {

    private static final Logger LOG = Logger.getLogger(HeapWatch.class);
    private static final long MB = 1024 * 1024;

    private final HeapLevel level;
    private final FactCache cache;
    private final Counter warnings;
    private final List<MemoryPoolMXBean> tenured;
    private final List<Registration> registrations = new ArrayList<>();

    private record Registration(NotificationEmitter emitter, NotificationListener listener) {
    }

    public HeapWatch(HeapConfig config, FactCache cache, MeterRegistry registry) {
        this.level = new HeapLevel(config.warnRatio());
        this.cache = cache;
        this.tenured = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid() && isTenured(p.getName())).toList();
        Gauge.builder("flowlens.heap.after.gc.ratio", level, l -> l.last().ratio())
                .description("Tenured heap in use after the last garbage collection, as a share of its maximum")
                .register(registry);
        Gauge.builder("flowlens.heap.warn.ratio", level, HeapLevel::warnRatio)
                .description("flowlens.heap.warn-ratio: above this share after a collection the service warns")
                .register(registry);
        this.warnings = Counter.builder("flowlens.heap.warnings")
                .description("Times the heap after a collection crossed flowlens.heap.warn-ratio").register(registry);
        try {
            watchThresholds();
            watchCollections();
        } catch (RuntimeException e) {
            // a runtime without these notifications (a native image may lack some): no warning, the service still runs
            LOG.warnf("heap watch: the JVM's memory notifications are not available (%s); no warning before the heap "
                    + "is exhausted", e.toString());
        }
        if (tenured.isEmpty()) {
            LOG.warn("heap watch: no tenured heap pool found; no warning before the heap is exhausted");
        }
    }

    /** Eden, survivor and young-generation pools are empty or small after a collection: not where the cache lives. */
    static boolean isTenured(String poolName) {
        String name = poolName.toLowerCase(Locale.ROOT);
        return !name.contains("eden") && !name.contains("survivor") && !name.contains("young");
    }

    /** The last reading, for readiness. */
    HeapLevel.Reading reading() {
        return level.last();
    }

    double warnRatio() {
        return level.warnRatio();
    }

    /** Items the fact cache holds now (-1 if it cannot say). */
    long cacheItems() {
        try {
            return cache.heldItems();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void watchThresholds() {
        List<MemoryPoolMXBean> withThreshold = new ArrayList<>();
        for (MemoryPoolMXBean pool : tenured) {
            long max = maxOf(pool.getUsage());
            if (pool.isCollectionUsageThresholdSupported() && max > 0) {
                pool.setCollectionUsageThreshold(Math.max(1, (long) (max * level.warnRatio())));
                withThreshold.add(pool);
            }
        }
        if (withThreshold.isEmpty()) {
            return;
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        if (memory instanceof NotificationEmitter emitter) {
            NotificationListener listener = (notification, handback) -> {
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    onThresholdExceeded(notification);
                }
            };
            emitter.addNotificationListener(listener, null, null);
            registrations.add(new Registration(emitter, listener));
        }
    }

    private void onThresholdExceeded(Notification notification) {
        MemoryNotificationInfo info = MemoryNotificationInfo.from((CompositeData) notification.getUserData());
        // the pool that crossed, plus what the other tenured pools (if any) held after their last collection
        long used = info.getUsage().getUsed();
        long max = maxOf(info.getUsage());
        for (MemoryPoolMXBean pool : tenured) {
            if (!pool.getName().equals(info.getPoolName()) && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
                max += Math.max(0, maxOf(pool.getUsage()));
            }
        }
        report(used, max);
    }

    private void watchCollections() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = (notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        onCollection(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                    }
                };
                emitter.addNotificationListener(listener, null, null);
                registrations.add(new Registration(emitter, listener));
            }
        }
    }

    private void onCollection(GarbageCollectionNotificationInfo info) {
        Map<String, MemoryUsage> after = info.getGcInfo().getMemoryUsageAfterGc();
        long used = 0;
        long max = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : tenured) {
            MemoryUsage u = after.get(pool.getName());
            if (u != null) {
                any = true;
                used += u.getUsed();
                max += Math.max(0, maxOf(u));
            }
        }
        if (any) {
            report(used, max);
        }
    }

    /** A pool's maximum; the JVM's maximum heap when the pool has none of its own. */
    private static long maxOf(MemoryUsage usage) {
        return usage.getMax() > 0 ? usage.getMax() : Runtime.getRuntime().maxMemory();
    }

    private void report(long used, long max) {
        switch (level.record(used, max)) {
            case CROSSED_ABOVE -> {
                warnings.increment();
                long items = cacheItems();
                LOG.warnf("heap after garbage collection: %d MB in use of %d MB (%.0f%%), at or above "
                        + "flowlens.heap.warn-ratio %s; the fact cache holds %s items. Give the service more memory "
                        + "before the heap runs out (docs/sizing.md)", used / MB, max / MB, 100.0 * used / max,
                        level.warnRatio(), items < 0 ? "an unknown number of" : String.valueOf(items));
            }
            case BACK_BELOW -> LOG.infof("heap after garbage collection back to %d MB of %d MB (%.0f%%), below "
                    + "flowlens.heap.warn-ratio %s", used / MB, max / MB, 100.0 * used / max, level.warnRatio());
            case NONE -> {
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        // the JDK's beans outlive this application (tests start several in one JVM): leave no listener behind
        for (Registration r : registrations) {
            try {
                r.emitter().removeNotificationListener(r.listener());
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
        registrations.clear();
    }
}
