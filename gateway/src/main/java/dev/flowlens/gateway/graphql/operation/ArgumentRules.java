package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.config.GatewayConfig;
import dev.flowlens.gateway.graphql.error.BadUserInputException;
import dev.flowlens.gateway.security.Roles;
import dev.flowlens.internalapi.metrics.ForecastInput;
import dev.flowlens.internalapi.metrics.WindowInput;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks arguments before any call to metrics-service. Messages name the argument, as a
 * user would write it in the query.
 */
@ApplicationScoped
class ArgumentRules {

    /** metrics-service's own bound on one list or re-drive of dead letters. */
    static final int MAX_DEAD_LETTERS = 1_000;

    private final GatewayConfig config;
    private final SecurityIdentity identity;

    ArgumentRules(GatewayConfig config, SecurityIdentity identity) {
        this.config = config;
        this.identity = identity;
    }

    void window(WindowInput window) {
        if (!window.to().isAfter(window.from())) {
            throw new BadUserInputException("window.to must be after window.from");
        }
        Period max = config.maxWindowSpan();
        if (window.from().atOffset(ZoneOffset.UTC).plus(max).toInstant().isBefore(window.to())) {
            throw new BadUserInputException("window spans more than " + describe(max)
                    + " (window.from " + window.from() + ", window.to " + window.to() + ")");
        }
    }

    void page(int first) {
        between("first", first, config.maxPageSize());
    }

    /** As many dead letters as metrics-service lists or re-drives in one call. */
    void deadLetters(int first) {
        between("first", first, MAX_DEAD_LETTERS);
    }

    private static void between(String argument, int value, int max) {
        if (value < 1 || value > max) {
            throw new BadUserInputException(argument + " must be between 1 and " + max + " (was " + value + ")");
        }
    }

    void forecast(ForecastInput input) {
        if ((input.itemCount() == null) == (input.targetDate() == null)) {
            throw new BadUserInputException("input: give exactly one of input.itemCount and input.targetDate");
        }
        if (input.itemCount() != null && input.itemCount() < 1) {
            throw new BadUserInputException("input.itemCount must be at least 1 (was " + input.itemCount() + ")");
        }
        int maxHistory = config.maxForecastHistoryDays();
        if (input.historyDays() < 1 || input.historyDays() > maxHistory) {
            throw new BadUserInputException("input.historyDays must be between 1 and " + maxHistory
                    + " (was " + input.historyDays() + ")");
        }
        boolean admin = identity.hasRole(Roles.ADMIN);
        String who = admin ? "" : " for a viewer";
        int maxRuns = admin ? config.maxForecastRuns() : config.maxForecastRunsViewer();
        if (input.runs() < 1 || input.runs() > maxRuns) {
            throw new BadUserInputException("input.runs must be between 1 and " + maxRuns + who
                    + " (was " + input.runs() + ")");
        }
        int horizon = forecastHorizonDays();
        long days = horizon;
        if (input.targetDate() != null) {
            days = Math.max(0, Duration.between(Instant.now(), input.targetDate()).toDays());
            if (days > horizon) {
                throw new BadUserInputException("input.targetDate must be within " + horizon + " days of now" + who
                        + " (was " + input.targetDate() + ", " + days + " days away)");
            }
        }
        // Each trial draws one day's throughput per day of horizon; a "when" trial may run to the horizon.
        long draws = (long) input.runs() * days;
        long maxDraws = config.maxForecastDraws();
        if (draws > maxDraws) {
            throw new BadUserInputException("input.runs: " + input.runs() + " runs x " + days
                    + " days of horizon is " + draws + " draws per value stream, more than " + maxDraws
                    + "; ask for at most " + maxDraws / days + " runs"
                    + (input.targetDate() != null ? " or a nearer input.targetDate" : ""));
        }
    }

    /** The horizon of the caller's forecasts, in days: a "when" trial stops there, a targetDate lies within it. */
    int forecastHorizonDays() {
        return identity.hasRole(Roles.ADMIN) ? config.maxForecastHorizonDays() : config.maxForecastHorizonDaysViewer();
    }

    /** "2 years", "18 months", "1 year 6 months". */
    static String describe(Period period) {
        List<String> parts = new ArrayList<>();
        add(parts, period.getYears(), "year");
        add(parts, period.getMonths(), "month");
        add(parts, period.getDays(), "day");
        return parts.isEmpty() ? "0 days" : String.join(" ", parts);
    }

    private static void add(List<String> parts, int amount, String unit) {
        if (amount != 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }
}
