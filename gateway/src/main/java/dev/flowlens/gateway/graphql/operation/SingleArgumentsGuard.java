package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.graphql.error.BadUserInputException;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.api.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * SmallRye GraphQL batches a field by its name and resolves the whole batch with the
 * arguments of its first occurrence (and caches the answer per stream). A query asking for
 * {@code a: flow(window: Q1)} and {@code b: flow(window: Q2)} would silently get Q1's numbers
 * twice. Until batches are keyed by arguments, such a query is refused instead.
 */
@ApplicationScoped
class SingleArgumentsGuard {

    private final Context context;

    SingleArgumentsGuard(Context context) {
        this.context = context;
    }

    /** Throws when the operation asks for {@code ValueStream.<field>} with more than one set of arguments. */
    void requireOneArgumentSet(String field) {
        DataFetchingEnvironment env = context.unwrap(DataFetchingEnvironment.class);
        Set<Map<String, Object>> argumentSets = new HashSet<>();
        QueryTraverser.newQueryTraverser()
                .schema(env.getGraphQLSchema())
                .document(env.getDocument())
                .operationName(env.getOperationDefinition().getName())
                .variables(env.getVariables())
                .build()
                .visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment visited) {
                        if (visited.getFieldDefinition().getName().equals(field)
                                && visited.getFieldsContainer().getName().equals("ValueStream")) {
                            argumentSets.add(visited.getArguments());
                        }
                    }
                });
        if (argumentSets.size() > 1) {
            throw new BadUserInputException(
                    field + " is requested with different arguments in one query; ask for each in its own query");
        }
    }
}
