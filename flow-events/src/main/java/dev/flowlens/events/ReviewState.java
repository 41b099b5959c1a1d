package dev.flowlens.events;

/** What a review of a change said: the {@code state} of a {@code change.reviewed}. */
public enum ReviewState implements WireValue {
    APPROVED("approved"),
    CHANGES_REQUESTED("changes_requested"),
    COMMENTED("commented");

    private final String wireName;

    ReviewState(String wireName) {
        this.wireName = wireName;
    }

    /** {@code approved}, {@code changes_requested} or {@code commented}, as events spell it. */
    @Override
    public String wireName() {
        return wireName;
    }
}
