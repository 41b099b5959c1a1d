package dev.flowlens.tools.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

    static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("items", "100000");
        d.put("out", "");
        d.put("dry-run", "false");
        return d;
    }

    @Test
    void aTableGivesTheOptionsInTheirOrder() {
        Map<String, String> d = Options.table("""
                items      100000
                writeback  not given
                out        ""
                """);
        assertThat(d).containsExactly(Map.entry("items", "100000"), Map.entry("writeback", "not given"),
                Map.entry("out", ""));
    }

    @Test
    void argumentsOverrideTheDefaults() {
        Options o = Options.parse(new String[] {"--items", "5000"}, defaults(), Set.of());
        assertThat(o.integer("items")).isEqualTo(5000);
        assertThat(o.isBlank("out")).isTrue();
        assertThat(o.flag("dry-run")).isFalse();
    }

    @Test
    void aFlagTakesNoValue() {
        Options o = Options.parse(new String[] {"--dry-run", "--items", "3"}, defaults(), Set.of("dry-run"));
        assertThat(o.flag("dry-run")).isTrue();
        assertThat(o.longValue("items")).isEqualTo(3);
    }

    @Test
    void anUnknownOptionOrAMissingValueIsRefusedByName() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--itmes", "5"}, defaults(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--itmes");
        assertThatThrownBy(() -> Options.parse(new String[] {"--items"}, defaults(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--items");
        assertThatThrownBy(() -> Options.parse(new String[] {"items", "5"}, defaults(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("items");
    }
}
