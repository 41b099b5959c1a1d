/*
 * The hottest methods of a JFR recording (execution samples), JDK only:
 *
 *   java bin/bench/JfrTop.java FILE.jfr [N]
 *
 * Prints the N (default 20) most sampled top frames ("self" time) and the N most sampled methods anywhere on the
 * stack ("total" time), each with its share of all samples. Written because the JDK's `jfr print`/`jfr view`
 * stop at some Quarkus frames (a StringIndexOutOfBoundsException formatting their descriptors).
 */
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

public class JfrTop {
    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                samples++;
                Set<String> seen = new HashSet<>();
                boolean top = true;
                for (RecordedFrame f : e.getStackTrace().getFrames()) {
                    String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
                    if (top) {
                        self.merge(m, 1, Integer::sum);
                        top = false;
                    }
                    if (seen.add(m)) {
                        total.merge(m, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%,d execution samples%n", samples);
        print("self", self, samples, n);
        print("total (on the stack)", total, samples, n);
    }

    static void print(String title, Map<String, Integer> counts, int samples, int n) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n).forEach(e ->
                System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}
