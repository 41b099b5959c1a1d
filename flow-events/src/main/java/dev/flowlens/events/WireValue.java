package dev.flowlens.events;

/**
 * A closed set of words of the event contract (an enum): each constant has the word that stands for it in an
 * event's JSON. The validator accepts exactly these words for a field of such a type, and the codec reads and writes
 * them ({@link EventSchema}).
 */
public interface WireValue {

    /** The word in an event's JSON, e.g. {@code defect} or {@code success}. */
    String wireName();
}
