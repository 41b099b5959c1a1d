package dev.flowlens.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;

/**
 * Every HTTP endpoint of a service, found by indexing its compiled classes (Jandex) for JAX-RS resources, so that a
 * new endpoint cannot be forgotten by an access test; and the check that each of them refuses a call. A path
 * parameter is called as {@code x}. Interfaces (the REST clients of the tools) are not endpoints.
 */
public final class Endpoints {

    /** An HTTP method and path, path parameters replaced by {@code x}. */
    public record Endpoint(String method, String path) {
    }

    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final Map<DotName, String> VERBS = Map.of(
            DotName.createSimple("jakarta.ws.rs.GET"), "GET", DotName.createSimple("jakarta.ws.rs.POST"), "POST",
            DotName.createSimple("jakarta.ws.rs.PUT"), "PUT", DotName.createSimple("jakarta.ws.rs.DELETE"), "DELETE",
            DotName.createSimple("jakarta.ws.rs.PATCH"), "PATCH");

    private Endpoints() {
    }

    /** The endpoints of the module under test ({@code target/classes}). */
    public static List<Endpoint> scan() {
        return scan(Path.of("target/classes"));
    }

    /** The endpoints of the resources in a folder of compiled classes. */
    public static List<Endpoint> scan(Path classes) {
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index " + classes, e);
        }
        Index index = indexer.complete();
        List<Endpoint> out = new ArrayList<>();
        for (AnnotationInstance root : index.getAnnotations(PATH)) {
            if (root.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                continue;
            }
            ClassInfo type = root.target().asClass();
            if (type.isInterface()) {
                continue;
            }
            for (MethodInfo m : type.methods()) {
                for (var verb : VERBS.entrySet()) {
                    if (m.hasDeclaredAnnotation(verb.getKey())) {
                        AnnotationInstance sub = m.declaredAnnotation(PATH);
                        String path = (root.value().asString() + (sub == null ? "" : "/" + sub.value().asString()))
                                .replaceAll("/+", "/");
                        out.add(new Endpoint(verb.getValue(), path.replaceAll("\\{[^}]+}", "x")));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Calls every endpoint (JSON body {@code {}}) on the application under test, with this bearer token or none
     * (null), and asserts that each answer is a refusal as {@code refused} defines it for that endpoint.
     */
    public static void assertAllRefuse(List<Endpoint> endpoints, String token, BiPredicate<Endpoint, Integer> refused) {
        List<String> open = new ArrayList<>();
        for (Endpoint e : endpoints) {
            RequestSpecification request = given().contentType("application/json").body("{}");
            if (token != null) {
                request = request.auth().oauth2(token);
            }
            int status = request.request(e.method(), e.path()).statusCode();
            if (!refused.test(e, status)) {
                open.add(e + " answered " + status);
            }
        }
        assertThat(open).as("endpoints that did not refuse the call").isEmpty();
    }
}
