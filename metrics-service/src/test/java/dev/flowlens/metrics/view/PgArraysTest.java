package dev.flowlens.metrics.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.metrics.calc.Times;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The text forms the first load reads, as PostgreSQL 15 writes them (psql output of the same expressions). */
class PgArraysTest {

    @Test
    void timestamptzSendValuesAreMicrosecondsFrom2000() {
        // select string_agg(timestamptz_send(t), ''::bytea) from (values (timestamptz '2000-01-01 00:00:00.000001+00'),
        //   (timestamptz '1999-12-31 23:59:59+00'), (timestamptz '2025-06-01 10:00:00.5+00')) v(t)
        String hex = "\\x0000000000000001fffffffffff0bdc00002d97e7aaa2920";
        int[] next = new int[1];
        long[] out = PgArrays.timestamps(hex, new long[1], 0, next);
        assertThat(next[0]).isEqualTo(3);
        assertThat(Times.instantOfMicros(out[0])).isEqualTo(Instant.parse("2000-01-01T00:00:00.000001Z"));
        assertThat(Times.instantOfMicros(out[1])).isEqualTo(Instant.parse("1999-12-31T23:59:59Z"));
        assertThat(out[2]).isEqualTo(Times.floorMicros(Instant.parse("2025-06-01T10:00:00.5Z")));
        assertThat(PgArrays.timestamp("\\x0000000000000001")).isEqualTo(PgArrays.PG_EPOCH_MICROS + 1);
        assertThatThrownBy(() -> PgArrays.timestamp("\\x7fffffffffffffff")).hasMessageContaining("infinity");
        assertThatThrownBy(() -> PgArrays.timestamp("\\x00")).hasMessageContaining("not timestamptz_send");
    }

    @Test
    void textArraysUnquoteAndShareSpellings() {
        // select array['To Do', null, 'NULL', '', 'a,b', 'say "hi"', 'back\slash', 'Done', 'To Do']
        String text = "{\"To Do\",NULL,\"NULL\",\"\",\"a,b\",\"say \\\"hi\\\"\",\"back\\\\slash\",Done,\"To Do\"}";
        PgArrays.Spellings spellings = new PgArrays.Spellings();
        int[] next = new int[1];
        String[] out = PgArrays.texts(text, new String[2], 1, next, spellings);
        assertThat(next[0]).isEqualTo(10);
        assertThat(Arrays.copyOf(out, next[0])).containsExactly(null, "To Do", null, "NULL", "", "a,b", "say \"hi\"", "back\\slash", "Done",
                "To Do");
        assertThat(out[9]).isSameAs(out[1]);
        assertThat(PgArrays.texts("{}", new String[0], 0, next, spellings)).isEmpty();
        assertThat(next[0]).isZero();
        assertThatThrownBy(() -> PgArrays.texts("[0:1]={a,b}", new String[2], 0, next, spellings))
                .hasMessageContaining("lower bound 1");
    }
}
