package dev.flowlens.gateway.dashboard;

import dev.flowlens.gateway.config.DashboardConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;

/**
 * Browser security headers on everything under {@code /dashboard}: the page, its assets, its login settings. The page
 * shows text that tools and event senders choose and keeps the user's tokens in sessionStorage, so a script that got
 * into it would act as the user; the policy lets only the page's own files run (docs/security.md, "Dashboard").
 */
@ApplicationScoped
public class DashboardHeaders {

    /** Before the static files and the dashboard resource answer; the headers do not depend on who asks. */
    private static final int PRIORITY = 10;

    private final String policy;

    public DashboardHeaders(DashboardConfig config) {
        this.policy = policy(config.oidcUrl());
    }

    /**
     * The Content-Security-Policy: scripts only from the gateway (no inline script, no eval), connections only to the
     * gateway (its GraphQL API and WebSocket) and Keycloak (the token endpoint), style attributes because ECharts
     * writes its tooltips with them, nothing else.
     */
    static String policy(String oidcUrl) {
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "style-src-attr 'unsafe-inline'",
                "img-src 'self' data:",
                "connect-src 'self' " + origin(oidcUrl),
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    private static String origin(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("flowlens.dashboard.oidc-url must be an absolute URL such as "
                    + "http://localhost:8180/realms/flowlens, got '" + url + "'");
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            String path = ctx.normalizedPath();
            if (path.equals("/dashboard") || path.startsWith("/dashboard/")) {
                MultiMap headers = ctx.response().headers();
                headers.set("Content-Security-Policy", policy);
                headers.set("X-Content-Type-Options", "nosniff");
                // frame-ancestors for browsers that predate it
                headers.set("X-Frame-Options", "DENY");
            }
            ctx.next();
        }, PRIORITY);
    }
}
