package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.config.GatewayConfig;
import dev.flowlens.gateway.graphql.error.BadUserInputException;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.api.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Bounds the top-level fields of one operation, aliases included. Each top-level field is at least one call to a
 * backing service, so {@code a1: valueStreams {id} a2: valueStreams {id} ...} would turn one request into hundreds
 * of internal calls while staying under the complexity limit. Checked by every root resolver before it calls out.
 */
@ApplicationScoped
class RootFieldLimit {

    private final Context context;
    private final GatewayConfig config;

    RootFieldLimit(Context context, GatewayConfig config) {
        this.context = context;
        this.config = config;
    }

    /** Throws {@link BadUserInputException} when the running operation has too many top-level fields. */
    void check() {
        DataFetchingEnvironment env = context.unwrap(DataFetchingEnvironment.class);
        int fields = count(env.getOperationDefinition().getSelectionSet(), env.getFragmentsByName(), 0);
        if (fields > config.maxRootFields()) {
            throw new BadUserInputException("the operation asks for " + fields
                    + " top-level fields (aliases included); at most " + config.maxRootFields()
                    + " are allowed in one operation: ask for lists (valueStreams) or split the operation");
        }
    }

    private static int count(SelectionSet set, Map<String, FragmentDefinition> fragments, int nesting) {
        if (set == null || nesting > 10) {
            return 0;
        }
        int n = 0;
        for (Selection<?> s : set.getSelections()) {
            if (s instanceof Field) {
                n++;
            } else if (s instanceof InlineFragment inline) {
                n += count(inline.getSelectionSet(), fragments, nesting + 1);
            } else if (s instanceof FragmentSpread spread && fragments.get(spread.getName()) != null) {
                n += count(fragments.get(spread.getName()).getSelectionSet(), fragments, nesting + 1);
            }
        }
        return n;
    }
}
