package dev.flowlens.ingest.api;

/** Realm roles this service checks (ARCHITECTURE.md, "Security"). */
public final class Roles {
    /** May post events. */
    public static final String INGEST = "ingest";
    /** Other Flowlens services (the gateway's service account): may call /internal/*. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
