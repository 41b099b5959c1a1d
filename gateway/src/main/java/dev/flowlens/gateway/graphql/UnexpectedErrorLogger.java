package dev.flowlens.gateway.graphql;

import io.quarkus.security.ForbiddenException;
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
        try {
            return context.proceed();
        } catch (BadUserInputException | ForbiddenOperationException | UnavailableException | ConflictException
                | NotFoundException | ForbiddenException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "GraphQL operation %s failed", context.getMethod().getName());
            throw e;
        }
    }
}
