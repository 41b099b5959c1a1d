package dev.flowlens.metrics.api;

/** Realm roles this service checks. */
public final class Roles {
    /** Service accounts of other Flowlens services (the gateway): the only callers of /internal. */
    public static final String SERVICE = "service";
    /** Flowlens administrators: may also list and re-drive dead letters (operations, not dashboards). */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
