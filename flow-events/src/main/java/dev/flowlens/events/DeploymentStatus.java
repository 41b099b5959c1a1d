package dev.flowlens.events;

/** How a deployment ended: the {@code status} of a {@code deployment.finished}. */
public enum DeploymentStatus implements WireValue {
    SUCCESS("success"),
    FAILURE("failure");

    private final String wireName;

    DeploymentStatus(String wireName) {
        this.wireName = wireName;
    }

    /** {@code success} or {@code failure}, as events and stored facts spell it. */
    @Override
    public String wireName() {
        return wireName;
    }
}
