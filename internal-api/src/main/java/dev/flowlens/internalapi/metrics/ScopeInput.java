package dev.flowlens.internalapi.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowlens.events.ItemType;
import io.smallrye.graphql.api.Nullable;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** The scope to save; an omitted or empty list means all. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Description("Scope of a value stream to save; an omitted or empty list means all.")
@Input("ScopeInput")
public record ScopeInput(
        @Nullable @Description("Tracker projects (keys).") List<@NonNull String> projects,
        @Nullable @Description("Teams.") List<@NonNull String> teams,
        @Nullable @Description("Item types.") List<@NonNull ItemType> itemTypes,
        @Nullable @Description("Deployed services (DORA).") List<@NonNull String> services,
        @Nullable @Description("Code repositories (DORA lead time).") List<@NonNull String> repositories) {
}
