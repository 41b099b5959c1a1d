package dev.flowlens.testsupport;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Runs reactive work (Hibernate Reactive with Panache, the Vert.x PostgreSQL client) on a Vert.x context and waits for
 * it on the test's thread: Hibernate Reactive refuses to run anywhere else.
 */
public final class OnVertx {

    private OnVertx() {
    }

    /** The item of {@code work}, subscribed on a Vert.x context; its failure is thrown as it is when unchecked. */
    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
