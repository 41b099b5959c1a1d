package dev.flowlens.tools.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A JVM started the way bin/flowlens starts a service exits when its heap is exhausted (issue #28): the options come
 * from the same function ({@code service_jvm_opts} of bin/lib/flowlens/stack.sh, run by bash), the program is
 * {@link HeapHog} on a 16 MB heap (a later -Xmx wins, as FLOWLENS_JAVA_OPTS's does). Without the options the same
 * program catches the error and carries on, which is what the control case shows.
 */
class OutOfMemoryExitTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final String TINY_HEAP = "-Xmx16m";

    @ParameterizedTest
    @ValueSource(strings = {"metrics-service", "ingest-service", "gateway"})
    void aServiceJvmOfBinFlowlensExitsWithANonZeroCodeOnOutOfMemory(String service) throws Exception {
        List<String> options = serviceJvmOpts(service);
        assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");

        Run run = runHog(options);

        assertThat(run.exitCode).as("exit code; output:%n%s", run.output).isNotZero();
        assertThat(run.output).contains("Terminating due to java.lang.OutOfMemoryError").doesNotContain(HeapHog.SURVIVED);
    }

    @Test
    void withoutTheOptionsTheSameProgramSurvivesItsOutOfMemoryError() throws Exception {
        Run run = runHog(List.of());

        assertThat(run.exitCode).as("exit code; output:%n%s", run.output).isZero();
        assertThat(run.output).contains(HeapHog.SURVIVED);
    }

    /** The options bin/flowlens gives SERVICE's JVM: service_jvm_opts of stack.sh, sourced by bash. */
    private static List<String> serviceJvmOpts(String service) throws IOException, InterruptedException {
        Path stackSh = ROOT.resolve("bin/lib/flowlens/stack.sh");
        assertThat(stackSh).exists();
        Process p = new ProcessBuilder("bash", "-c", "source \"$1\" && service_jvm_opts \"$2\"", "bash", stackSh.toString(), service)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("service_jvm_opts %s: %s", service, out).isZero();
        assertThat(out).as("service_jvm_opts %s", service).startsWith("-Xmx");
        return Arrays.asList(out.split("\\s+"));
    }

    private record Run(int exitCode, String output) {
    }

    /** java OPTIONS -Xmx16m -cp <test classes> HeapHog, as bin/flowlens runs java (from the PATH). */
    private static Run runHog(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(options);
        command.add(TINY_HEAP);
        command.add("-cp");
        command.add(Path.of(HeapHog.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        command.add(HeapHog.class.getName());
        Path output = Files.createTempFile("heap-hog", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            // a bound, not a timing: a JVM that neither exits nor survives within it is a failure either way
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("the JVM neither exited nor finished in 120 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
