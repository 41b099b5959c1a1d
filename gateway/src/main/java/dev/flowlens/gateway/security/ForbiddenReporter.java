package dev.flowlens.gateway.security;

import dev.flowlens.gateway.graphql.error.ForbiddenOperationException;
import dev.flowlens.gateway.graphql.error.UnauthenticatedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Translates Quarkus' {@link ForbiddenException} into {@link ForbiddenOperationException}, and its
 * {@link UnauthorizedException} (no token: only possible on a WebSocket, HTTP answers 401 first) into
 * {@link UnauthenticatedException}. Runs before (around) Quarkus' security interceptors, which have priority
 * {@code LIBRARY_BEFORE}, so it sees their exception, thrown or (for a method returning
 * {@link Uni} or {@link Multi}) as the failure of the returned stream.
 */
@ReportsForbidden
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class ForbiddenReporter {

    private final SecurityIdentity identity;

    ForbiddenReporter(SecurityIdentity identity) {
        this.identity = identity;
    }

    @AroundInvoke
    Object report(InvocationContext context) throws Exception {
        if (Multi.class.isAssignableFrom(context.getMethod().getReturnType())) {
            // A subscription: SmallRye GraphQL turns a failed Multi into a null push that breaks the stream
            // silently, so the roles are checked here, before the stream exists, and a refusal is an error answer.
            checkNow(context.getMethod());
        }
        Object result;
        try {
            result = context.proceed();
        } catch (UnauthorizedException e) {
            throw unauthenticated(context.getMethod());
        } catch (ForbiddenException e) {
            throw translated(context.getMethod());
        }
        if (result instanceof Uni<?> uni) {
            // Quarkus checks the roles of a method returning Uni on subscription: a failed Uni.
            return uni.onFailure(UnauthorizedException.class).transform(e -> unauthenticated(context.getMethod()))
                    .onFailure(ForbiddenException.class).transform(e -> translated(context.getMethod()));
        }
        if (result instanceof Multi<?> multi) {
            return multi.onFailure(UnauthorizedException.class).transform(e -> unauthenticated(context.getMethod()))
                    .onFailure(ForbiddenException.class).transform(e -> translated(context.getMethod()));
        }
        return result;
    }

    private void checkNow(Method method) {
        if (identity.isAnonymous()) {
            throw unauthenticated(method);
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed != null && Arrays.stream(allowed.value()).noneMatch(identity::hasRole)) {
            throw translated(method);
        }
    }

    private static UnauthenticatedException unauthenticated(Method method) {
        return new UnauthenticatedException("unauthenticated: " + method.getName()
                + " needs a bearer token (Authorization header, or the connection_init payload on a WebSocket)");
    }

    private static ForbiddenOperationException translated(Method method) {
        return new ForbiddenOperationException("forbidden: " + method.getName() + " needs the role " + roles(method));
    }

    private static String roles(Method method) {
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? "(none)" : String.join(" or ", allowed.value());
    }
}
