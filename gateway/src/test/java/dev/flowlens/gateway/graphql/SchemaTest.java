package dev.flowlens.gateway.graphql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.gateway.Keycloak;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The served SDL (GET /graphql/schema.graphql) honours shared/design/schema.graphql. */
@QuarkusTest
class SchemaTest {

    @Test
    void servedSchemaHonoursTheContract() {
        String contract = SdlContract.read(SdlContract.locateContract());
        List<String> problems = SdlContract.differences(contract, servedSdl(), Set.of(), Map.of());
        assertThat(problems).as("differences between the served SDL and schema.graphql").isEmpty();
    }

    @Test
    void theSubscriptionIsServed() {
        TypeDefinitionRegistry sdl = new SchemaParser().parse(servedSdl());
        ObjectTypeDefinition subscription = (ObjectTypeDefinition) sdl.getType("Subscription").orElseThrow();

        assertThat(subscription.getFieldDefinitions()).extracting(FieldDefinition::getName).containsExactly("flowChanged");
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

    private static String servedSdl() {
        return given().auth().oauth2(Keycloak.alice()).get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString();
    }
}
