package dev.flowlens.events;

import java.util.Locale;
import org.eclipse.microprofile.graphql.Description;

/**
 * The item types of the Flow Framework: the {@code itemType} of a {@code workitem.upserted} (in lower case, its
 * {@link #wireName()}), the metrics' item type, and the gateway's GraphQL enum {@code ItemType} (its constant names
 * and the descriptions below). The one definition of these words; connectors map a tool's own types onto them.
 */
@Description("Flow item type (Flow Framework).")
public enum ItemType implements WireValue {
    @Description("New business value.")
    FEATURE("feature"),
    @Description("A fix for a quality problem.")
    DEFECT("defect"),
    @Description("Security, compliance or governance work.")
    RISK("risk"),
    @Description("Work on technical debt.")
    DEBT("debt");

    private final String wireName;

    ItemType(String wireName) {
        this.wireName = wireName;
    }

    /** The word in events and in stored facts: {@code feature}, {@code defect}, {@code risk}, {@code debt}. */
    @Override
    public String wireName() {
        return wireName;
    }

    /**
     * The type of a word as events and stored facts spell it ({@code feature}, {@code defect}, ...),
     * case-insensitively after trimming.
     *
     * @throws IllegalArgumentException naming the field when the value is missing or unknown
     */
    public static ItemType fromEvent(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("itemType must be given");
        }
        String word = value.trim().toLowerCase(Locale.ROOT);
        for (ItemType t : values()) {
            if (t.wireName.equals(word)) {
                return t;
            }
        }
        throw new IllegalArgumentException("itemType: unknown value '" + value + "'");
    }
}
