package dev.flowlens.gateway.graphql.operation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.Keycloak;
import graphql.introspection.IntrospectionQuery;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one operation may ask for (docs/gateway.md "Limits"): depth, complexity, top-level fields and document size
 * are refused with an error that says which limit, before any internal call; GraphiQL's introspection still works.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class LimitsTest {

    private MetricsStub stub;

    @BeforeEach
    void resetStub() {
        stub = MetricsStub.current;
        stub.reset();
    }

    static String errors(JsonPath answer) {
        return String.valueOf(answer.getList("errors.message"));
    }

    @Test
    void graphiqlsFullIntrospectionQueryIsWithinTheLimits() {
        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), IntrospectionQuery.INTROSPECTION_QUERY);

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getList("data.__schema.types.name", String.class)).contains("ValueStream", "FlowChange");
    }

    @Test
    void aTooDeepQueryIsRefusedSayingSo() {
        // recursive introspection: each fields/type pair is two levels
        String deep = "{ __schema { types { " + "fields { type { ".repeat(8) + "name" + " } }".repeat(8) + " } } }";

        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), deep);

        assertThat(errors(answer)).contains("maximum query depth exceeded").contains("> 15");
        assertThat(answer.getMap("data")).isNull();
    }

    @Test
    void anAliasFloodIsRefusedByComplexityBeforeAnyInternalCall() {
        String flood = IntStream.range(0, 250).mapToObj(i -> "a" + i + ": valueStreams { id name }")
                .collect(Collectors.joining(" ", "{ ", " }"));

        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), flood);

        assertThat(errors(answer)).contains("maximum query complexity exceeded").contains("> 400");
        assertThat(stub.totalCalls()).as("internal calls").isZero();
    }

    @Test
    void tooManyTopLevelFieldsAreRefusedBeforeAnyInternalCall() {
        String many = IntStream.range(0, 11).mapToObj(i -> "a" + i + ": valueStreams { id }")
                .collect(Collectors.joining(" ", "{ ", " }"));

        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), many);

        assertThat(errors(answer)).contains("the operation asks for 11 top-level fields (aliases included); at most 10");
        assertThat(answer.getList("errors.extensions.code", String.class)).containsOnly("BAD_USER_INPUT");
        assertThat(stub.totalCalls()).as("internal calls").isZero();
    }

    @Test
    void tenTopLevelFieldsThroughAFragmentAreStillAllowed() {
        String ten = "{ ...f } fragment f on Query { " + IntStream.range(0, 10)
                .mapToObj(i -> "a" + i + ": valueStream(id: \"vs-01\") { id }").collect(Collectors.joining(" ")) + " }";

        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), ten);

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.a9.id")).isEqualTo("vs-01");
    }

    @Test
    void aDocumentOfMoreThan15000TokensIsRefusedByTheParser() {
        // graphql-java's parser limit: 15,001 tokens is "{", "valueStreams", "{", 14,996 x "id", "}", "}"
        String huge = "{ valueStreams { " + "id ".repeat(14996) + "} }";

        JsonPath answer = given().auth().oauth2(Keycloak.alice()).contentType(ContentType.JSON)
                .body(Map.of("query", huge)).post("/graphql").then().statusCode(200).extract().jsonPath();

        assertThat(errors(answer)).isEqualTo("[Unparseable input document]");
        assertThat(stub.totalCalls()).as("internal calls").isZero();
    }
}
