package dev.flowlens.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.metrics.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, access: every HTTP endpoint of metrics-service, found by scanning its compiled classes for JAX-RS
 * resources (so a new one cannot be forgotten), refuses a call without credentials with 401, and (issue 21) an
 * administrator's token too. Health and metrics stay public.
 */
@QuarkusTest
class EndpointAccessTest {

    record Endpoint(String method, String path) {
    }

    static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "GET", POST.class, "POST",
            PUT.class, "PUT", DELETE.class, "DELETE", PATCH.class, "PATCH");

    static List<Endpoint> endpoints() throws IOException {
        java.nio.file.Path classes = java.nio.file.Path.of("target/classes");
        List<Endpoint> out = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, EndpointAccessTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                Path root = type.getAnnotation(Path.class);
                if (root == null || type.isInterface()) {
                    continue; // REST clients of the tools are interfaces
                }
                for (Method m : type.getDeclaredMethods()) {
                    for (var verb : VERBS.entrySet()) {
                        if (m.isAnnotationPresent(verb.getKey())) {
                            Path sub = m.getAnnotation(Path.class);
                            String path = (root.value() + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                            out.add(new Endpoint(verb.getValue(), path.replaceAll("\\{[^}]+}", "x")));
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyEndpointRefusesACallWithoutCredentials() throws IOException {
        List<Endpoint> all = endpoints();
        assertThat(all).extracting(Endpoint::path)
                .contains("/internal/v1/metrics/flow", "/internal/v1/value-streams", "/internal/v1/dead-letters");
        List<String> open = new ArrayList<>();
        for (Endpoint e : all) {
            int status = given().contentType("application/json").body("{}").request(e.method(), e.path()).statusCode();
            boolean refused = status == 401;
            if (!refused) {
                open.add(e + " answered " + status);
            }
        }
        System.out.println("metrics-service endpoints checked without credentials: " + all);
        assertThat(open).isEmpty();
        given().get("/q/health/live").then().statusCode(200);
    }

    /**
     * Issue 21, finding 6c: an administrator's real Keycloak token is refused on every endpoint, the dead letters
     * included (they used to accept it): /internal is for the gateway's service token only, and operators manage dead
     * letters through the gateway's admin GraphQL operations.
     */
    @Test
    void everyEndpointRefusesAnAdministratorsToken() throws IOException {
        String admin = Tokens.user("admin");
        List<String> open = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            int status = given().auth().oauth2(admin).contentType("application/json").body("{}")
                    .request(e.method(), e.path()).statusCode();
            if (status != 401 && status != 403) {
                open.add(e + " answered " + status);
            }
        }
        assertThat(open).isEmpty();
    }
}
