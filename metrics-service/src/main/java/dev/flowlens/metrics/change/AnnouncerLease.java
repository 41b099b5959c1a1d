package dev.flowlens.metrics.change;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Leadership among metrics-service instances for announcing changes: a PostgreSQL session advisory lock held on one
 * connection. The lock goes with the session, so an instance that dies or loses its database connection releases it
 * and another instance takes it over at its next attempt. Used by one thread at a time (the announcer's).
 */
@ApplicationScoped
public class AnnouncerLease {
    private static final Logger LOG = Logger.getLogger(AnnouncerLease.class);

    private final AgroalDataSource dataSource;
    private final ChangeConfig config;
    private Connection held;

    public AnnouncerLease(AgroalDataSource dataSource, ChangeConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** True when this instance holds the lease, taking it if it is free. Never throws. */
    public synchronized boolean holds() {
        if (held != null) {
            if (valid(held)) {
                return true;
            }
            LOG.info("lost the database session that held the announcer lease; trying to take it again");
            closeQuietly(held);
            held = null;
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                ps.setLong(1, config.leaderLockKey());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        held = c;
                        LOG.info("this instance announces value stream changes (holds the announcer lease)");
                        return true;
                    }
                }
            }
        } catch (SQLException e) {
            LOG.debugf("announcer lease not taken: %s", e.getMessage());
        }
        closeQuietly(c);
        return false;
    }

    /** Gives the lease up (at shutdown), so another instance takes over without waiting for a dead session. */
    public synchronized void release() {
        if (held == null) {
            return;
        }
        try (PreparedStatement ps = held.prepareStatement("select pg_advisory_unlock(?)")) {
            ps.setLong(1, config.leaderLockKey());
            ps.execute();
        } catch (SQLException e) {
            LOG.debugf("announcer lease not released cleanly: %s", e.getMessage());
        }
        closeQuietly(held);
        held = null;
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debugf("closing a connection: %s", e.getMessage());
        }
    }
}
