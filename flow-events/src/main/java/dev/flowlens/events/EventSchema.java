package dev.flowlens.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fields of each event type's {@code data}, read once from the record that declares them ({@link EventData}):
 * their JSON names (the component names, in order), kinds (from the Java types), and rules (the annotations). The
 * validator checks a JSON event against them, the codec reads and writes the records through them, and
 * {@link #describe()} renders them as docs/events.md lists them. Adding a field, or a type, is a change to its
 * record only.
 */
final class EventSchema {

    /**
     * WEB_URL: a string that must be an absolute http(s) URL; WORD: one of a {@link WireValue} enum's words; FLAG: a
     * JSON boolean ({@link Boolean}).
     */
    enum Kind { STRING, WEB_URL, TIME, STRING_LIST, WORD, FLAG }

    /** One field of a type's data. */
    static final class Field {
        private final String name;
        private final String path;
        private final Kind kind;
        private final boolean required;
        /** WORD: the constant of each word (exact spelling); empty otherwise. */
        private final Map<String, WireValue> words;
        /** WORD: the words in declaration order; empty otherwise. */
        private final List<String> wordList;
        /** WORD: the words sorted, as a violation names them: {@code [debt, defect, feature, risk]}. */
        private final String sortedWords;
        private final Function<Object, Object> accessor;

        private Field(String name, Kind kind, boolean required, List<WireValue> constants,
                Function<Object, Object> accessor) {
            this.name = name;
            this.path = "data." + name;
            this.kind = kind;
            this.required = required;
            this.words = constants.stream().collect(Collectors.toUnmodifiableMap(WireValue::wireName, c -> c));
            this.wordList = constants.stream().map(WireValue::wireName).toList();
            this.sortedWords = wordList.stream().sorted().toList().toString();
            this.accessor = accessor;
        }

        String name() {
            return name;
        }

        /** {@code data.<name>}, as a violation names the field. */
        String path() {
            return path;
        }

        Kind kind() {
            return kind;
        }

        boolean required() {
            return required;
        }

        /** WORD: whether this is one of the words. */
        boolean isWord(String s) {
            return words.containsKey(s);
        }

        String sortedWords() {
            return sortedWords;
        }

        /** The value of a validated field's JSON, as the record holds it; null (an empty list) when absent. */
        Object read(JsonNode v) {
            boolean absent = v == null || v.isNull();
            return switch (kind) {
                case STRING, WEB_URL -> absent ? null : v.asText();
                case TIME -> absent ? null : EventValidator.parseTime(v.asText());
                case WORD -> absent ? null : words.get(v.asText());
                case FLAG -> absent ? null : v.asBoolean();
                case STRING_LIST -> {
                    if (absent || !v.isArray()) {
                        yield List.of();
                    }
                    List<String> out = new ArrayList<>(v.size());
                    v.forEach(e -> out.add(e.asText()));
                    yield List.copyOf(out);
                }
            };
        }

        /** Writes the field of a record: a null value is left out, a list is always written (null as empty). */
        void write(ObjectNode d, EventData data) {
            Object value = accessor.apply(data);
            if (kind == Kind.STRING_LIST) {
                ArrayNode a = d.putArray(name);
                if (value != null) {
                    for (Object e : (List<?>) value) {
                        a.add((String) e);
                    }
                }
            } else if (value instanceof Boolean flag) {
                d.put(name, flag);
            } else if (value != null) {
                d.put(name, switch (kind) {
                    case TIME -> value.toString();
                    case WORD -> ((WireValue) value).wireName();
                    default -> (String) value;
                });
            }
        }

        /** As docs/events.md lists it: {@code createdAt\*} (time), {@code itemType\*} (`feature` \| ...). */
        String describe() {
            String s = name + (required ? "\\*" : "");
            return switch (kind) {
                case STRING, WEB_URL -> s;
                case TIME -> s + " (time)";
                case FLAG -> s + " (boolean)";
                case STRING_LIST -> s + " (list)";
                case WORD -> s + " (" + wordList.stream().map(w -> "`" + w + "`").collect(Collectors.joining(" \\| "))
                        + ")";
            };
        }
    }

    private static final EventSchema[] BY_TYPE = Arrays.stream(EventType.values()).map(EventSchema::new)
            .toArray(EventSchema[]::new);

    private final List<Field> fields;
    private final Field[] fieldArray;
    /** The record's canonical constructor, spread: {@code (Object[]) -> Object}. */
    private final MethodHandle constructor;

    private EventSchema(EventType type) {
        Class<? extends EventData> record = type.dataType();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        RecordComponent[] components = record.getRecordComponents();
        List<Field> list = new ArrayList<>(components.length);
        Class<?>[] parameterTypes = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                parameterTypes[i] = c.getType();
                list.add(field(lookup, record, c));
            }
            this.constructor = lookup.findConstructor(record, MethodType.methodType(void.class, parameterTypes))
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the fields of " + record.getName(), e);
        }
        this.fields = List.copyOf(list);
        this.fieldArray = list.toArray(Field[]::new);
    }

    private static Field field(MethodHandles.Lookup lookup, Class<?> record, RecordComponent c)
            throws ReflectiveOperationException {
        Class<?> t = c.getType();
        boolean required = c.isAnnotationPresent(EventData.Required.class);
        boolean webUrl = c.isAnnotationPresent(EventData.WebUrl.class);
        Kind kind;
        List<WireValue> constants = List.of();
        if (t == String.class) {
            kind = webUrl ? Kind.WEB_URL : Kind.STRING;
        } else if (t == Instant.class) {
            kind = Kind.TIME;
        } else if (t == Boolean.class) {
            kind = Kind.FLAG;
        } else if (t == List.class && c.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == String.class) {
            kind = Kind.STRING_LIST;
        } else if (t.isEnum() && WireValue.class.isAssignableFrom(t)) {
            kind = Kind.WORD;
            constants = Arrays.stream(t.getEnumConstants()).map(WireValue.class::cast).toList();
        } else {
            throw new IllegalStateException(record.getSimpleName() + "." + c.getName() + ": a " + t.getSimpleName()
                    + " is not a field type of the event contract");
        }
        if (webUrl && kind != Kind.WEB_URL) {
            throw new IllegalStateException(record.getSimpleName() + "." + c.getName() + ": @WebUrl on a non-string");
        }
        return new Field(c.getName(), kind, required, constants, accessor(lookup, record, c));
    }

    /** The record component's accessor as a plain function: as fast as a direct call once compiled. */
    @SuppressWarnings("unchecked")
    private static Function<Object, Object> accessor(MethodHandles.Lookup lookup, Class<?> record, RecordComponent c)
            throws ReflectiveOperationException {
        MethodHandle getter = lookup.unreflect(c.getAccessor());
        try {
            return (Function<Object, Object>) LambdaMetafactory.metafactory(lookup, "apply",
                    MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class), getter,
                    MethodType.methodType(c.getType(), record)).getTarget().invoke();
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema of a type. */
    static EventSchema of(EventType type) {
        return BY_TYPE[type.ordinal()];
    }

    /** The type's fields, in the order they are written. */
    List<Field> fields() {
        return fields;
    }

    /** The record of a validated {@code data} object. */
    EventData decode(JsonNode data) {
        Object[] args = new Object[fieldArray.length];
        for (int i = 0; i < fieldArray.length; i++) {
            Field f = fieldArray[i];
            args[i] = f.read(data.get(f.name));
        }
        try {
            return (EventData) (Object) constructor.invokeExact(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a record's fields into {@code d}, in declaration order. */
    ObjectNode encode(EventData data, ObjectNode d) {
        for (Field f : fieldArray) {
            f.write(d, data);
        }
        return d;
    }

    /** The type's fields as docs/events.md's table lists them, e.g. {@code itemId\*, fromStatus, toStatus\*, at\* (time)}. */
    String describe() {
        return fields.stream().map(Field::describe).collect(Collectors.joining(", "));
    }
}
