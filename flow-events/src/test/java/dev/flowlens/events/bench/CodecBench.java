package dev.flowlens.events.bench;

import dev.flowlens.events.EventSamples;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * A microbenchmark of the event codec (not a test): this build of flow-events against another one (its sources, e.g.
 * main's, which this compiles), side by side in one JVM. Each build is loaded by its own class loader with its own
 * Jackson and its own copy of {@link CodecBenchDriver}; the rounds alternate between the builds, the first ones are
 * warm-up, and the medians are compared. It first checks that both builds write the same bytes for every sample.
 *
 * <p>Run it with {@code bin/bench-codec [git ref]} (default {@code main}).
 *
 * <p>Arguments: the other build's {@code src/main/java}, events per round (default 100,000), rounds (default 12,
 * of which the first 2 are warm-up).
 */
public final class CodecBench {

    private record Build(String name, Method encode, Method encodeOnly, Method decode, Method written) {
    }

    public static void main(String[] args) throws Exception {
        Path baseSources = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int warmup = Math.min(2, rounds - 1);

        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String current = classPath.stream().filter(p -> p.endsWith("target" + File.separator + "classes")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no target/classes on the class path"));
        String testClasses = classPath.stream().filter(p -> p.endsWith("test-classes")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no target/test-classes on the class path"));
        List<String> libraries = classPath.stream().filter(p -> p.endsWith(".jar")).toList();

        Path baseClasses = compile(baseSources, libraries);
        Build base = load("base", baseClasses.toString(), testClasses, libraries);
        Build now = load("this", current, testClasses, libraries);

        byte[] baseWritten = (byte[]) base.written.invoke(null);
        byte[] nowWritten = (byte[]) now.written.invoke(null);
        if (!Arrays.equals(baseWritten, nowWritten)) {
            throw new IllegalStateException("the builds write different bytes:\n" + new String(baseWritten)
                    + "\n---\n" + new String(nowWritten));
        }
        System.out.printf(Locale.ROOT, "same bytes written by both builds for all %d samples (%d bytes)%n",
                EventSamples.ALL.size(), nowWritten.length);

        List<Build> builds = List.of(base, now);
        long[][] encode = new long[2][rounds];
        long[][] encodeOnly = new long[2][rounds];
        long[][] decode = new long[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int b = (r % 2 == 0) ? k : 1 - k; // alternate which build goes first
                encode[b][r] = (long) builds.get(b).encode.invoke(null, n);
                encodeOnly[b][r] = (long) builds.get(b).encodeOnly.invoke(null, n);
                decode[b][r] = (long) builds.get(b).decode.invoke(null, n);
            }
        }
        System.out.printf(Locale.ROOT, "%d events a round, %d rounds (%d warm-up); median ns per event%n", n, rounds,
                warmup);
        System.out.printf(Locale.ROOT, "%-32s %10s %10s %9s%n", "", "base", "this", "this/base");
        row("encode+write", encodeOnly, warmup, n);
        row("encode+validate+write (ingest)", encode, warmup, n);
        row("parse+validate+decode (metrics)", decode, warmup, n);
    }

    private static void row(String what, long[][] nanos, int warmup, int n) {
        double base = median(nanos[0], warmup) / n;
        double now = median(nanos[1], warmup) / n;
        System.out.printf(Locale.ROOT, "%-32s %10.0f %10.0f %9.2f%n", what, base, now, now / base);
    }

    private static double median(long[] rounds, int warmup) {
        long[] kept = Arrays.copyOfRange(rounds, warmup, rounds.length);
        Arrays.sort(kept);
        int m = kept.length / 2;
        return kept.length % 2 == 1 ? kept[m] : (kept[m - 1] + kept[m]) / 2.0;
    }

    private static Path compile(Path sources, List<String> libraries) throws IOException {
        Path out = Files.createTempDirectory("codec-bench-base");
        List<String> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> javacArgs = new ArrayList<>(List.of("-nowarn", "-proc:none", "-d", out.toString(), "-cp",
                String.join(File.pathSeparator, libraries)));
        javacArgs.addAll(files);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, javacArgs.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("could not compile " + sources);
        }
        return out;
    }

    private static Build load(String name, String classes, String testClasses, List<String> libraries)
            throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(classes).toUri().toURL());
        urls.add(Path.of(testClasses).toUri().toURL());
        for (String jar : libraries) {
            urls.add(Path.of(jar).toUri().toURL());
        }
        ClassLoader loader = new URLClassLoader(name, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Class<?> driver = Class.forName(CodecBenchDriver.class.getName(), true, loader);
        return new Build(name, driver.getMethod("encode", int.class),
                driver.getMethod("encodeOnly", int.class), driver.getMethod("decode", int.class),
                driver.getMethod("written"));
    }
}
