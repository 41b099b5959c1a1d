package dev.flowlens.gateway.security;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * On a {@code @GraphQLApi}: a caller lacking the role of an operation's {@code @RolesAllowed}
 * gets a GraphQL error with code FORBIDDEN and a message naming the operation and the roles,
 * instead of SmallRye GraphQL's generic "System error".
 */
@InterceptorBinding
@Target(TYPE)
@Retention(RUNTIME)
public @interface ReportsForbidden {
}
