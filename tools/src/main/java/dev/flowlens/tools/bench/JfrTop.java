package dev.flowlens.tools.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest methods of a JFR recording ({@code bin/flowlens bench --profile} prints them):
 *
 * <pre>
 *   bin/tools bench.JfrTop FILE.jfr [N] [--alloc]
 * </pre>
 *
 * Prints the N (default 20) most sampled top frames ("self" time) and the N most sampled methods anywhere on the
 * stack ("total" time), each with its share of all samples. With --alloc the same for allocation instead of CPU: the
 * recording's jdk.ObjectAllocationSample events, each weighed by the bytes it stands for (its "weight"), so the shares
 * are of the bytes allocated; the allocated classes are listed too. Written because the JDK's `jfr print`/`jfr view`
 * stop at some Quarkus frames (a StringIndexOutOfBoundsException formatting their descriptors).
 */
public class JfrTop {
    public static void main(String[] args) throws Exception {
        boolean alloc = false;
        int n = 20;
        String file = null;
        for (String a : args) {
            if (a.equals("--alloc")) {
                alloc = true;
            } else if (file == null) {
                file = a;
            } else {
                n = Integer.parseInt(a);
            }
        }
        if (file == null) {
            System.err.println("usage: bin/tools bench.JfrTop FILE.jfr [N] [--alloc]");
            System.exit(2);
        }
        String eventName = alloc ? "jdk.ObjectAllocationSample" : "jdk.ExecutionSample";
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> classes = new HashMap<>();
        long weightSum = 0;
        long events = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(file))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals(eventName) || e.getStackTrace() == null) {
                    continue;
                }
                long weight = alloc ? e.getLong("weight") : 1;
                events++;
                weightSum += weight;
                if (alloc) {
                    RecordedClass c = e.getValue("objectClass");
                    classes.merge(c == null ? "?" : c.getName(), weight, Long::sum);
                }
                Set<String> seen = new HashSet<>();
                boolean top = true;
                for (RecordedFrame f : e.getStackTrace().getFrames()) {
                    String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
                    if (top) {
                        self.merge(m, weight, Long::sum);
                        top = false;
                    }
                    if (seen.add(m)) {
                        total.merge(m, weight, Long::sum);
                    }
                }
            }
        }
        if (alloc) {
            System.out.printf(Locale.ROOT, "%,d allocation samples standing for %,d MB%n", events, weightSum >> 20);
            print("allocated classes", classes, weightSum, n);
        } else {
            System.out.printf(Locale.ROOT, "%,d execution samples%n", events);
        }
        print("self", self, weightSum, n);
        print("total (on the stack)", total, weightSum, n);
    }

    static void print(String title, Map<String, Long> counts, long sum, int n) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n).forEach(e ->
                System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, sum), e.getKey()));
    }
}
