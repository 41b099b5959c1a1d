package dev.flowlens.metrics.calc;

import java.util.Locale;

/** Flow Framework item types (EVENTS.md sends them lower-case, the API upper-case). */
public enum ItemType {
    FEATURE, DEFECT, RISK, DEBT;

    /**
     * Maps the {@code itemType} of a {@code workitem.upserted} event ({@code feature}, {@code defect}, ...),
     * case-insensitively after trimming.
     *
     * @throws IllegalArgumentException naming the field when the value is missing or unknown
     */
    public static ItemType fromEvent(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("itemType must be given");
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "feature": return FEATURE;
            case "defect": return DEFECT;
            case "risk": return RISK;
            case "debt": return DEBT;
            default: throw new IllegalArgumentException("itemType: unknown value '" + value + "'");
        }
    }

    /** The lower-case spelling used in events. */
    public String toEvent() {
        return name().toLowerCase(Locale.ROOT);
    }
}
