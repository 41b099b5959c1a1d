package dev.flowlens.tools.jvm;

import java.util.ArrayList;
import java.util.List;

/**
 * A program that behaves as metrics-service did in issue #28: it fills its heap until an {@link OutOfMemoryError},
 * survives it (the error is caught, as a framework's worker loop catches it) and goes on: it prints
 * {@value #SURVIVED} and exits 0. Started by {@link OutOfMemoryExitTest} with the JVM options of bin/flowlens.
 */
public final class HeapHog {
    static final String SURVIVED = "survived the OutOfMemoryError and stayed up";

    private HeapHog() {
    }

    public static void main(String[] args) {
        List<long[]> held = new ArrayList<>();
        try {
            while (true) {
                held.add(new long[128 * 1024]); // 1 MiB at a time, all kept reachable
            }
        } catch (OutOfMemoryError e) {
            int chunks = held.size();
            held.clear();
            System.out.println(SURVIVED + " (after " + chunks + " MiB)");
        }
    }
}
