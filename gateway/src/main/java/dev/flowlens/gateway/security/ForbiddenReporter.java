package dev.flowlens.gateway.security;

import dev.flowlens.gateway.graphql.ForbiddenOperationException;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;

/**
 * Translates Quarkus' {@link ForbiddenException} into {@link ForbiddenOperationException}.
 * Runs before (around) Quarkus' security interceptors, which have priority
 * {@code LIBRARY_BEFORE}, so it sees their exception, thrown or (for a method returning
 * {@link Uni}) as the failure of the returned Uni.
 */
@ReportsForbidden
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class ForbiddenReporter {

    @AroundInvoke
    Object report(InvocationContext context) throws Exception {
        Object result;
        try {
            result = context.proceed();
        } catch (ForbiddenException e) {
            throw translated(context.getMethod());
        }
        if (result instanceof Uni<?> uni) {
            // Quarkus checks the roles of a method returning Uni on subscription: a failed Uni.
            return uni.onFailure(ForbiddenException.class).transform(e -> translated(context.getMethod()));
        }
        return result;
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
