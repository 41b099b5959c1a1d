package dev.flowlens.gateway.graphql.error;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * On a {@code @GraphQLApi}: an exception that is not one of the gateway's reported errors
 * (bad input, forbidden, unavailable, conflict, not found) is a bug; it is logged with its stack trace, and the
 * client sees SmallRye GraphQL's "System error". Expected errors are not logged here, so a
 * bad window in a 20-stream query does not write 20 stack traces.
 */
@InterceptorBinding
@Target(TYPE)
@Retention(RUNTIME)
public @interface LogsUnexpectedErrors {
}
