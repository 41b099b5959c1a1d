package dev.flowlens.gateway.graphql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.testsupport.Keycloak;
import graphql.language.Description;
import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The served SDL (GET /graphql/schema.graphql) is the committed contract, gateway/schema.graphql, and breaks nothing of
 * the last released schema (gateway/schema-releases/).
 */
@QuarkusTest
class SchemaTest {

    /**
     * A change to the API shows in the committed file, reviewed with the code. When the change is meant, write the
     * file from the served schema: {@code mvn -pl gateway -am test -Dtest=SchemaTest -Dflowlens.schema.write=true
     * -Dsurefire.failIfNoSpecifiedTests=false}, then commit it.
     */
    @Test
    void servedSchemaIsTheCommittedContract() throws IOException {
        String served = servedSdl();
        Path committed = SchemaCompatibility.committedSchema();
        if (Boolean.getBoolean("flowlens.schema.write")) {
            Files.writeString(committed, served);
        }
        String contract = SchemaCompatibility.read(committed);
        assertThat(firstDifference(contract, served))
                .as("the served schema differs from %s (if the change is meant, see SchemaTest for how to write it)",
                        committed)
                .isNull();
    }

    @Test
    void servedSchemaBreaksNothingOfTheLastRelease() {
        Path released = SchemaCompatibility.gatewayDir().resolve(SchemaCompatibility.LAST_RELEASE);
        assertThat(SchemaCompatibility.breakages(SchemaCompatibility.read(released), servedSdl()))
                .as("breaking changes against %s (additions are allowed; removals, renames and stricter "
                        + "nullability are not)", released)
                .isEmpty();
    }

    @Test
    void theSubscriptionIsServed() {
        TypeDefinitionRegistry sdl = new SchemaParser().parse(servedSdl());
        ObjectTypeDefinition subscription = (ObjectTypeDefinition) sdl.getType("Subscription").orElseThrow();

        assertThat(subscription.getFieldDefinitions()).extracting(FieldDefinition::getName)
                .containsExactlyInAnyOrder("flowChanged", "syncProgress", "alertRaised");
    }

    /** Tokens and webhook secrets are write-only: ConnectorInput takes them, no output type has them. */
    @Test
    void connectorSecretsAreWriteOnly() {
        TypeDefinitionRegistry sdl = new SchemaParser().parse(servedSdl());
        ObjectTypeDefinition connector = (ObjectTypeDefinition) sdl.getType("Connector").orElseThrow();
        InputObjectTypeDefinition input = (InputObjectTypeDefinition) sdl.getType("ConnectorInput").orElseThrow();

        assertThat(connector.getFieldDefinitions()).extracting(FieldDefinition::getName)
                .doesNotContain("token", "webhookSecret");
        assertThat(input.getInputValueDefinitions()).extracting(InputValueDefinition::getName)
                .contains("token", "webhookSecret");
        for (TypeDefinition<?> type : sdl.types().values()) {
            if (type instanceof ObjectTypeDefinition object) {
                assertThat(object.getFieldDefinitions()).extracting(FieldDefinition::getName)
                        .as(object.getName()).doesNotContain("token", "webhookSecret");
            }
        }
    }

    /** Dashboard teams read the descriptions in GraphiQL: every type and field of ours has one. */
    @Test
    void everyTypeAndFieldIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        for (TypeDefinition<?> type : new SchemaParser().parse(servedSdl()).types().values()) {
            if (type instanceof ObjectTypeDefinition object) {
                if (!object.getName().equals("Query") && !object.getName().equals("Mutation")) {
                    check(object.getName(), object.getDescription(), undescribed);
                }
                for (FieldDefinition field : object.getFieldDefinitions()) {
                    check(object.getName() + "." + field.getName(), field.getDescription(), undescribed);
                    for (InputValueDefinition arg : field.getInputValueDefinitions()) {
                        check(object.getName() + "." + field.getName() + "(" + arg.getName(), arg.getDescription(),
                                undescribed);
                    }
                }
            } else if (type instanceof InputObjectTypeDefinition input) {
                check(input.getName(), input.getDescription(), undescribed);
                input.getInputValueDefinitions()
                        .forEach(f -> check(input.getName() + "." + f.getName(), f.getDescription(), undescribed));
            } else if (type instanceof EnumTypeDefinition e) {
                check(e.getName(), e.getDescription(), undescribed);
            }
        }
        assertThat(undescribed).as("types and fields without description").isEmpty();
    }

    @Test
    void schemaNeedsAToken() {
        given().get("/graphql/schema.graphql").then().statusCode(401);
    }

    private static void check(String what, Description description, List<String> undescribed) {
        if (description == null || description.getContent().isBlank()) {
            undescribed.add(what);
        }
    }

    /** The first line where two texts differ, with its number, or null when they are equal. */
    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of file>";
            if (!el.equals(al)) {
                return "line " + (i + 1) + ": committed `" + el + "`, served `" + al + "`";
            }
        }
        return null;
    }

    private static String servedSdl() {
        return given().auth().oauth2(Keycloak.alice()).get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString();
    }
}
