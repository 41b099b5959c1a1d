package dev.flowlens.ingest.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RawTextTest {

    /** The JDK's strict decoder, and no U+0000: what {@link RawArchive#validUtf8WithoutNul} must agree with. */
    private static boolean strictlyValid(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            return s.indexOf('\u0000') < 0;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    @DisplayName("The UTF-8 check agrees with the JDK's strict decoder on random bytes, near-UTF-8 and real text")
    void agreesWithStrictDecoder() {
        Random r = new Random(5);
        String[] pieces = {"a", "é", "€", "😀", "\u0000", "{\"k\":\"v\"}", "\uFFFD", "\u07FF", "\u0800", "\uFFFF",
            new String(Character.toChars(0x10FFFF)), new String(Character.toChars(0x10000))};
        int valid = 0;
        for (int round = 0; round < 300_000; round++) {
            byte[] b;
            if (round % 3 == 0) {
                b = new byte[r.nextInt(12)];
                r.nextBytes(b);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int k = r.nextInt(6); k >= 0; k--) {
                    sb.append(pieces[r.nextInt(pieces.length)]);
                }
                b = sb.toString().getBytes(StandardCharsets.UTF_8);
                if (round % 3 == 2 && b.length > 0) {
                    // one byte changed or the text cut: overlongs, surrogates, stray continuations, truncations
                    if (r.nextBoolean()) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    } else {
                        b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
                    }
                }
            }
            boolean expected = strictlyValid(b);
            valid += expected ? 1 : 0;
            assertThat(RawArchive.validUtf8WithoutNul(b)).as("%s", java.util.HexFormat.of().formatHex(b)).isEqualTo(expected);
        }
        assertThat(valid).isBetween(50_000, 250_000);
    }

    @Test
    @DisplayName("Each edge of the UTF-8 rules: overlong forms, surrogates, above U+10FFFF, truncation, NUL")
    void edges() {
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xC1, 0xBF))).isFalse(); // overlong 2 bytes
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xC2, 0x80))).isTrue(); // U+0080
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xE0, 0x9F, 0xBF))).isFalse(); // overlong 3 bytes
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xE0, 0xA0, 0x80))).isTrue(); // U+0800
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xED, 0xA0, 0x80))).isFalse(); // U+D800
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xED, 0x9F, 0xBF))).isTrue(); // U+D7FF
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xF0, 0x8F, 0xBF, 0xBF))).isFalse(); // overlong 4 bytes
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xF4, 0x8F, 0xBF, 0xBF))).isTrue(); // U+10FFFF
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xF4, 0x90, 0x80, 0x80))).isFalse(); // U+110000
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xF5, 0x80, 0x80, 0x80))).isFalse();
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0xE2, 0x82))).isFalse(); // cut
        assertThat(RawArchive.validUtf8WithoutNul(bytes(0x41, 0x00, 0x42))).isFalse(); // NUL
        assertThat(RawArchive.validUtf8WithoutNul(new byte[0])).isTrue();
    }

    @Test
    @DisplayName("A valid body is stored as sent (the same array); any other as its text with U+FFFD for what is not")
    void textBytes() {
        byte[] json = "{\"title\":\"café 😀\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RawArchive.textBytes(json)).isSameAs(json);
        byte[] bad = {'{', (byte) 0xFF, 0, '}'};
        assertThat(new String(RawArchive.textBytes(bad), StandardCharsets.UTF_8)).isEqualTo("{\uFFFD\uFFFD}");
        assertThat(RawArchive.textBytes(bad)).isEqualTo(RawArchive.text(bad).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int k = 0; k < v.length; k++) {
            b[k] = (byte) v[k];
        }
        return b;
    }
}
