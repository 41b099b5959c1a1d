package dev.flowlens.gateway.graphql;

import graphql.language.AstPrinter;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.Node;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a served SDL with the contract SDL: every type, field, argument, input field and
 * enum value of the contract must be served with the same type (nullability included) and
 * default value. The served schema may add more. Descriptions are ignored.
 */
final class SdlContract {

    private SdlContract() {
    }

    /** Finds shared/design/schema.graphql in the working directory or any parent (CI clones shared/ beside the repo). */
    static Path locateContract() {
        List<Path> tried = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/design/schema.graphql");
            tried.add(candidate);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/design/schema.graphql not found; looked at " + tried);
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /**
     * @param excludedTypes contract types not served yet
     * @param excludedFields per contract type, fields not served yet
     * @return one line per missing or different item; empty when the served schema honours the contract
     */
    static List<String> differences(String contractSdl, String servedSdl, Set<String> excludedTypes,
            Map<String, Set<String>> excludedFields) {
        TypeDefinitionRegistry contract = new SchemaParser().parse(contractSdl);
        TypeDefinitionRegistry served = new SchemaParser().parse(servedSdl);
        List<String> problems = new ArrayList<>();
        for (TypeDefinition<?> expected : contract.types().values()) {
            String name = expected.getName();
            if (excludedTypes.contains(name)) {
                continue;
            }
            TypeDefinition<?> actual = served.getType(name).orElse(null);
            if (actual == null) {
                problems.add("missing type " + name);
            } else if (actual.getClass() != expected.getClass()) {
                problems.add(name + ": served as " + actual.getClass().getSimpleName() + ", contract has "
                        + expected.getClass().getSimpleName());
            } else {
                Set<String> skip = excludedFields.getOrDefault(name, Set.of());
                compare(name, expected, actual, skip, problems);
            }
        }
        // Custom scalars the contract uses must be declared by the served schema.
        for (String scalar : List.of("DateTime")) {
            if (served.getType(scalar).filter(ScalarTypeDefinition.class::isInstance).isEmpty()) {
                problems.add("missing scalar " + scalar);
            }
        }
        return problems;
    }

    private static void compare(String type, TypeDefinition<?> expected, TypeDefinition<?> actual, Set<String> skip,
            List<String> problems) {
        if (expected instanceof ObjectTypeDefinition e) {
            Map<String, FieldDefinition> fields = byName(((ObjectTypeDefinition) actual).getFieldDefinitions(),
                    FieldDefinition::getName);
            for (FieldDefinition field : e.getFieldDefinitions()) {
                if (skip.contains(field.getName())) {
                    continue;
                }
                FieldDefinition served = fields.get(field.getName());
                String where = type + "." + field.getName();
                if (served == null) {
                    problems.add("missing field " + where);
                    continue;
                }
                sameType(where, field.getType(), served.getType(), problems);
                compareValues(where + "(", field.getInputValueDefinitions(), served.getInputValueDefinitions(), problems);
            }
        } else if (expected instanceof InputObjectTypeDefinition e) {
            compareValues(type + ".", e.getInputValueDefinitions(),
                    ((InputObjectTypeDefinition) actual).getInputValueDefinitions(), problems);
        } else if (expected instanceof EnumTypeDefinition e) {
            Set<String> values = ((EnumTypeDefinition) actual).getEnumValueDefinitions().stream()
                    .map(EnumValueDefinition::getName).collect(Collectors.toSet());
            for (EnumValueDefinition value : e.getEnumValueDefinitions()) {
                if (!values.contains(value.getName())) {
                    problems.add("missing enum value " + type + "." + value.getName());
                }
            }
        }
    }

    /** Arguments of a field or fields of an input: same names, types and defaults. */
    private static void compareValues(String prefix, List<InputValueDefinition> expected,
            List<InputValueDefinition> actual, List<String> problems) {
        Map<String, InputValueDefinition> served = byName(actual, InputValueDefinition::getName);
        for (InputValueDefinition value : expected) {
            String where = prefix + value.getName();
            InputValueDefinition match = served.get(value.getName());
            if (match == null) {
                problems.add("missing " + where);
                continue;
            }
            sameType(where, value.getType(), match.getType(), problems);
            String expectedDefault = print(value.getDefaultValue());
            String actualDefault = print(match.getDefaultValue());
            if (!Objects.equals(expectedDefault, actualDefault)) {
                problems.add(where + ": default " + actualDefault + ", contract has " + expectedDefault);
            }
        }
        // An extra argument or input field is only harmless when a client may omit it.
        Set<String> known = expected.stream().map(InputValueDefinition::getName).collect(Collectors.toSet());
        for (InputValueDefinition extra : actual) {
            if (!known.contains(extra.getName()) && extra.getType() instanceof graphql.language.NonNullType
                    && extra.getDefaultValue() == null) {
                problems.add("extra required " + prefix + extra.getName() + " breaks the contract's callers");
            }
        }
    }

    private static void sameType(String where, graphql.language.Type<?> expected, graphql.language.Type<?> actual,
            List<String> problems) {
        String e = print(expected);
        String a = print(actual);
        if (!e.equals(a)) {
            problems.add(where + ": served " + a + ", contract has " + e);
        }
    }

    private static String print(Node<?> node) {
        return node == null ? null : AstPrinter.printAst(node);
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, Function.identity()));
    }
}
