package dev.flowlens.metrics.api;

/** Realm roles this service checks. */
public final class Roles {
    /** Service accounts of other Flowlens services (the gateway): the only callers of /internal. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
