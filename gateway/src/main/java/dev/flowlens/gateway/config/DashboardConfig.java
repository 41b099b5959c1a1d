package dev.flowlens.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the reference dashboard (served at /dashboard) needs to know to log a user in. */
@ConfigMapping(prefix = "flowlens.dashboard")
public interface DashboardConfig {

    /**
     * The realm URL as a browser reaches it. Usually the gateway's own OIDC URL; differs when
     * the gateway reaches Keycloak by an in-cluster name that browsers cannot resolve.
     */
    String oidcUrl();

    /** The realm's public client for the dashboard (authorization code with PKCE S256). */
    @WithDefault("flowlens-dashboard")
    String clientId();
}
