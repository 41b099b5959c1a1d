package dev.flowlens.events;

/**
 * Why one event was rejected.
 *
 * @param index   position of the event in the posted batch (0 for a single event)
 * @param field   the offending field as a path, e.g. {@code data.at}
 * @param message what is wrong, in words a user can act on
 */
public record Violation(int index, String field, String message) {

    /** {@code events[3].data.at: not an RFC 3339 time}. */
    @Override
    public String toString() {
        return "events[" + index + "]." + field + ": " + message;
    }
}
