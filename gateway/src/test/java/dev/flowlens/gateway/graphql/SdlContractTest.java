package dev.flowlens.gateway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison itself: it must see each kind of breach, or the schema test proves nothing. */
class SdlContractTest {

    private static final String CONTRACT = """
            type Query { things(first: Int = 50, kind: Kind): [Thing!]! }
            enum Kind { A B }
            input WindowInput { from: DateTime!  granularity: Kind = A }
            type Thing { id: ID!  name: String  tags: [String!]! }
            """;

    @Test
    void identicalSchemasHaveNoDifferences() {
        assertThat(SdlContract.differences(CONTRACT, CONTRACT + "scalar DateTime", Set.of(), Map.of())).isEmpty();
    }

    @Test
    void reportsEachMissingOrDifferentItem() {
        String served = """
                scalar DateTime
                type Query { things(first: Int = 10, kind: Kind, extra: Int!): [Thing!] }
                enum Kind { A }
                input WindowInput { from: DateTime  granularity: Kind = B }
                type Thing { id: ID!  name: String!  tags: [String]! }
                """;
        assertThat(SdlContract.differences(CONTRACT, served, Set.of(), Map.of())).containsExactlyInAnyOrder(
                "Query.things: served [Thing!], contract has [Thing!]!",
                "Query.things(first: default 10, contract has 50",
                "extra required Query.things(extra breaks the contract's callers",
                "missing enum value Kind.B",
                "WindowInput.from: served DateTime, contract has DateTime!",
                "WindowInput.granularity: default B, contract has A",
                "Thing.name: served String!, contract has String",
                "Thing.tags: served [String]!, contract has [String!]!");
    }

    @Test
    void reportsMissingTypesFieldsAndScalarsButHonoursExclusions() {
        String served = "type Query { other: Int }";
        assertThat(SdlContract.differences(CONTRACT, served, Set.of("Thing"), Map.of("Query", Set.of("things"))))
                .containsExactlyInAnyOrder("missing type Kind", "missing type WindowInput", "missing scalar DateTime");
    }
}
