package dev.flowlens.ingest.api;

/** Realm roles this service checks (ARCHITECTURE.md, "Security"). */
public final class Roles {
    /** May post events. */
    public static final String INGEST = "ingest";

    private Roles() {
    }
}
