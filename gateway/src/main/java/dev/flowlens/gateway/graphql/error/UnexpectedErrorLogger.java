package dev.flowlens.gateway.graphql.error;

import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.jboss.logging.Logger;

/** See {@link LogsUnexpectedErrors}. */
@LogsUnexpectedErrors
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class UnexpectedErrorLogger {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorLogger.class);

    @AroundInvoke
    Object log(InvocationContext context) throws Exception {
        Object result;
        try {
            result = context.proceed();
        } catch (RuntimeException e) {
            log(context, e);
            throw e;
        }
        if (result instanceof Uni<?> uni) {
            // a non-blocking resolver fails through its Uni
            return uni.onFailure().invoke(e -> log(context, e));
        }
        return result;
    }

    private static void log(InvocationContext context, Throwable e) {
        if (!(e instanceof BadUserInputException || e instanceof ForbiddenOperationException
                || e instanceof UnavailableException || e instanceof ConflictException
                || e instanceof NotFoundException || e instanceof ForbiddenException)) {
            LOG.errorf(e, "GraphQL operation %s failed", context.getMethod().getName());
        }
    }
}
