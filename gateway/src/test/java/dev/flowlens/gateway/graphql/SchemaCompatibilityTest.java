package dev.flowlens.gateway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The breaking-change check itself: it must see each kind of break, and let additions through, or SchemaTest proves nothing. */
class SchemaCompatibilityTest {

    private static final String RELEASED = """
            scalar DateTime
            type Query { things(first: Int = 50, kind: Kind, window: WindowInput): [Thing!]! }
            enum Kind { A B }
            input WindowInput { from: DateTime!  to: DateTime }
            type Thing { id: ID!  name: String  tags: [String!]!  owner: Owner }
            type Owner { id: ID! }
            """;

    private static String change(String from, String to) {
        assertThat(RELEASED).contains(from);
        return RELEASED.replace(from, to);
    }

    @Test
    void theSameSchemaBreaksNothing() {
        assertThat(SchemaCompatibility.breakages(RELEASED, RELEASED)).isEmpty();
    }

    @Test
    void additionsAreAllowed() {
        String grown = change("tags: [String!]!", "tags: [String!]!  createdAt: DateTime  extra: Extra")
                .replace("enum Kind { A B }", "enum Kind { A B C }")
                .replace("kind: Kind,", "kind: Kind, label: String,")
                .replace("to: DateTime }", "to: DateTime  zone: String }")
                + "type Extra { note: String }\ntype Mutation { touch(id: ID!): Thing }\n";

        assertThat(SchemaCompatibility.breakages(RELEASED, grown)).isEmpty();
    }

    @Test
    void aRemovedOrRenamedFieldBreaks() {
        assertThat(SchemaCompatibility.breakages(RELEASED, change("name: String", ""))).isNotEmpty();
        assertThat(SchemaCompatibility.breakages(RELEASED, change("name: String", "title: String"))).isNotEmpty();
    }

    @Test
    void aRemovedTypeBreaks() {
        assertThat(SchemaCompatibility.breakages(RELEASED,
                change("owner: Owner }", "}").replace("type Owner { id: ID! }", ""))).isNotEmpty();
    }

    @Test
    void aRemovedOrRenamedArgumentBreaks() {
        assertThat(SchemaCompatibility.breakages(RELEASED, change("kind: Kind, ", ""))).isNotEmpty();
        assertThat(SchemaCompatibility.breakages(RELEASED, change("kind: Kind,", "sort: Kind,"))).isNotEmpty();
    }

    @Test
    void aRemovedEnumValueBreaks() {
        assertThat(SchemaCompatibility.breakages(RELEASED, change("enum Kind { A B }", "enum Kind { A }"))).isNotEmpty();
    }

    @Test
    void stricterNullabilityBreaks() {
        // an argument or input field a client may omit today becomes required
        assertThat(SchemaCompatibility.breakages(RELEASED, change("kind: Kind,", "kind: Kind!,"))).isNotEmpty();
        assertThat(SchemaCompatibility.breakages(RELEASED, change("to: DateTime }", "to: DateTime! }"))).isNotEmpty();
        // a new required argument
        assertThat(SchemaCompatibility.breakages(RELEASED, change("kind: Kind,", "kind: Kind, team: String!,")))
                .isNotEmpty();
        // an output a client relies on being present may now be null
        assertThat(SchemaCompatibility.breakages(RELEASED, change("id: ID!  name", "id: ID  name"))).isNotEmpty();
    }

    @Test
    void aChangedFieldTypeBreaks() {
        assertThat(SchemaCompatibility.breakages(RELEASED, change("name: String", "name: Int"))).isNotEmpty();
    }
}
