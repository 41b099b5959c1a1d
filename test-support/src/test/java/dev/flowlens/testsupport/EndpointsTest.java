package dev.flowlens.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.testsupport.Endpoints.Endpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void findsEveryResourceMethodWithItsVerbAndPathAndNoClientInterface() {
        assertThat(Endpoints.scan(Path.of("target/test-classes"))).containsExactlyInAnyOrder(
                new Endpoint("GET", "/api/things/"), new Endpoint("POST", "/api/things/x/notes"),
                new Endpoint("DELETE", "/api/things/x"));
    }
}
