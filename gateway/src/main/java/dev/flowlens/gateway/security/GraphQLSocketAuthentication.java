package dev.flowlens.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeAuthGraphQLTransportWSSubprotocolHandler;
import io.quarkus.smallrye.graphql.runtime.SmallRyeAuthGraphQLWSSubprotocolHandler;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.graphql.websocket.GraphQLWebSocketSession;
import io.smallrye.graphql.websocket.GraphQLWebsocketHandler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * GraphQL over WebSocket at {@code /graphql} only for a caller with a valid token, in the upgrade's Authorization
 * header or, since browsers cannot set that header, in the {@code connection_init} payload.
 *
 * <p>Quarkus's own WebSocket handler acknowledges a {@code connection_init} without any token and then runs every
 * operation sent on the socket as anonymous: introspection, any query sent as a subscribe. So this filter takes the
 * upgrade before Quarkus's route does and wraps the same Quarkus protocol handlers (which still check a payload token
 * and close the socket when it expires) in {@link TokenRequired}: a {@code connection_init} that brings no bearer
 * token, on a socket not authenticated at the upgrade, closes the socket with 4401 Unauthorized before anything is
 * acknowledged. A payload token that does not authenticate, which Quarkus closes with 4403, is reported as 4401 too,
 * as HTTP answers 401 (docs/gateway.md, "Errors").
 */
@ApplicationScoped
public class GraphQLSocketAuthentication {

    private static final Logger LOG = Logger.getLogger(GraphQLSocketAuthentication.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final short UNAUTHORIZED = 4401;
    /** What Quarkus closes a socket with when the connection_init token is refused. */
    static final short QUARKUS_TOKEN_REFUSED = 4403;

    private final String path;
    private final Optional<String> payloadName;
    private final Socket socket;

    GraphQLSocketAuthentication(CurrentIdentityAssociation identity, CurrentVertxRequest request,
            @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "/graphql") String rootPath,
            @ConfigProperty(name = "quarkus.smallrye-graphql.authorization-client-init-payload-name")
            Optional<String> payloadName,
            @ConfigProperty(name = "quarkus.smallrye-graphql.nonblocking.enabled") Optional<Boolean> nonBlocking) {
        this.path = rootPath.startsWith("/") ? rootPath : "/" + rootPath;
        this.payloadName = payloadName;
        // as Quarkus decides for its own handler: blocking only when non-blocking execution is switched off
        this.socket = new Socket(identity, request, nonBlocking.map(b -> !b).orElse(false));
    }

    /**
     * Priority AUTHORIZATION: Quarkus adds its own filters first, so at the same order this one runs right after the
     * HTTP permission check, and before the GraphQL WebSocket route (order -99, one after the permission check).
     */
    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            String p = ctx.normalizedPath();
            // Vert.x matches the route path with or without one trailing slash
            if ((p.equals(path) || p.equals(path + "/"))
                    && ctx.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
                socket.handle(ctx);
            } else {
                ctx.next();
            }
        }, SecurityHandlerPriorities.AUTHORIZATION);
    }

    /** Quarkus's upgrade handling ({@code SmallRyeGraphQLOverWebSocketHandler}) with {@link TokenRequired} around it. */
    private final class Socket extends SmallRyeGraphQLAbstractHandler {

        Socket(CurrentIdentityAssociation identity, CurrentVertxRequest request, boolean runBlocking) {
            super(identity, request, runBlocking);
        }

        @Override
        protected void doHandle(RoutingContext ctx) {
            if (ctx.request().isEnded()) {
                ctx.next();
                return;
            }
            Map<String, Object> metaData = getMetaData(ctx);
            boolean authenticated = ctx.user() instanceof QuarkusHttpUser user
                    && !user.getSecurityIdentity().isAnonymous();
            ctx.request().toWebSocket(upgrade -> {
                if (upgrade.failed()) {
                    LOG.debugf("GraphQL WebSocket upgrade failed: %s", upgrade.cause());
                    return;
                }
                ServerWebSocket ws = upgrade.result();
                Session session = new Session(ws);
                GraphQLWebsocketHandler protocol;
                if ("graphql-transport-ws".equals(ws.subProtocol())) {
                    protocol = new SmallRyeAuthGraphQLTransportWSSubprotocolHandler(session, metaData, ctx, this,
                            payloadName);
                } else if ("graphql-ws".equals(ws.subProtocol())) {
                    protocol = new SmallRyeAuthGraphQLWSSubprotocolHandler(session, metaData, ctx, this, payloadName);
                } else {
                    ws.close((short) 4400, "Unknown subprotocol: use graphql-transport-ws");
                    return;
                }
                GraphQLWebsocketHandler guarded = new TokenRequired(protocol, session, authenticated);
                ws.closeHandler(v -> guarded.onClose());
                ws.endHandler(v -> guarded.onEnd());
                ws.exceptionHandler(guarded::onThrowable);
                ws.textMessageHandler(guarded::onMessage);
            });
        }
    }

    /** Lets a {@code connection_init} through only on an authenticated socket or with a bearer token in its payload. */
    private final class TokenRequired implements GraphQLWebsocketHandler {

        private final GraphQLWebsocketHandler protocol;
        private final GraphQLWebSocketSession session;
        private final boolean authenticated;
        private boolean initialised;

        TokenRequired(GraphQLWebsocketHandler protocol, GraphQLWebSocketSession session, boolean authenticated) {
            this.protocol = protocol;
            this.session = session;
            this.authenticated = authenticated;
        }

        @Override
        public void onMessage(String message) {
            if (!initialised && !authenticated) {
                JsonNode m = parse(message);
                if (m != null && "connection_init".equals(m.path("type").asText())) {
                    if (!bearerToken(m.path("payload"))) {
                        session.close(UNAUTHORIZED, "Unauthorized");
                        return;
                    }
                    initialised = true;
                }
            }
            // anything else before connection_init (a subscribe included) is the protocol's to refuse
            protocol.onMessage(message);
        }

        private boolean bearerToken(JsonNode payload) {
            JsonNode value = payloadName.map(payload::path).orElse(null);
            if (value == null || !value.isTextual()) {
                return false;
            }
            String v = value.asText();
            return v.length() > "Bearer ".length() && v.toLowerCase(Locale.ROOT).startsWith("bearer ");
        }

        private static JsonNode parse(String message) {
            try {
                return JSON.readTree(message);
            } catch (Exception e) {
                return null; // the protocol handler closes the socket with 4400
            }
        }

        @Override
        public void onThrowable(Throwable t) {
            protocol.onThrowable(t);
        }

        @Override
        public void onClose() {
            protocol.onClose();
        }

        @Override
        public void onEnd() {
            protocol.onEnd();
        }
    }

    /** The socket as the protocol handlers see it. */
    private static final class Session implements GraphQLWebSocketSession {

        private final ServerWebSocket ws;

        Session(ServerWebSocket ws) {
            this.ws = ws;
        }

        @Override
        public void sendMessage(String message) {
            ws.writeTextMessage(message);
        }

        @Override
        public void close(short code, String reason) {
            if (code == QUARKUS_TOKEN_REFUSED) {
                ws.close(UNAUTHORIZED, "Unauthorized");
            } else {
                ws.close(code, reason);
            }
        }

        @Override
        public boolean isClosed() {
            return ws.isClosed();
        }

        @Override
        public String toString() {
            return "{peer=" + ws.remoteAddress() + "}";
        }
    }
}
