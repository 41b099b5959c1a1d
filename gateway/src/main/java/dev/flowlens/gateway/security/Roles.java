package dev.flowlens.gateway.security;

/** Realm roles (Keycloak realm_access.roles) the gateway checks. */
public final class Roles {

    /** Reads value streams and their metrics. */
    public static final String VIEWER = "viewer";
    /** Configures value streams and connectors; sees every stream. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
