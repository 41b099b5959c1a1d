package dev.flowlens.tools.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options over a program's defaults (in their order), and flags that take no value. */
public final class Options {

    /** The bench stack's addresses (bin/flowlens bench-up: ports 28080-28082) and the realm's, as table lines. */
    public static final String BENCH_STACK = """
            oidc         http://localhost:8180/realms/flowlens
            ingest       http://localhost:28081
            gateway      http://localhost:28080
            """;

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The options of a table of lines "name default" (the default is the rest of the line; "" for an empty one), in
     * their order.
     */
    public static Map<String, String> table(String lines) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : lines.strip().split("\n")) {
            String[] nameValue = line.strip().split("\\s+", 2);
            String value = nameValue.length < 2 ? "" : nameValue[1].strip();
            defaults.put(nameValue[0], value.equals("\"\"") ? "" : value);
        }
        return defaults;
    }

    /**
     * The defaults with the arguments applied; a flag given becomes "true". Throws {@link IllegalArgumentException}
     * naming the first argument that is neither a known option with a value nor a flag.
     */
    public static Options parse(String[] args, Map<String, String> defaults, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name != null && flags.contains(name)) {
                values.put(name, "true");
            } else if (name != null && i + 1 < args.length && defaults.containsKey(name)) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(a);
            }
        }
        return new Options(values);
    }

    /** {@link #parse} without flags; an unknown argument ends the program (exit 2) with the list of options. */
    public static Options parseOrExit(String[] args, Map<String, String> defaults) {
        try {
            return parse(args, defaults, Set.of());
        } catch (IllegalArgumentException e) {
            System.err.println("unknown argument: " + e.getMessage() + "; options: " + defaults.keySet());
            System.exit(2);
            throw e;
        }
    }

    public String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no option --" + name);
        }
        return v;
    }

    public boolean isBlank(String name) {
        return get(name).isBlank();
    }

    public int integer(String name) {
        return Integer.parseInt(get(name));
    }

    public long longValue(String name) {
        return Long.parseLong(get(name));
    }

    public double decimal(String name) {
        return Double.parseDouble(get(name));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(get(name));
    }
}
