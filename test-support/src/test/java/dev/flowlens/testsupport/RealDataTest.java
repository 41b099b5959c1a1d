package dev.flowlens.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The repository's files are found from the root Maven passes, and a missing one fails loudly. */
class RealDataTest {

    @Test
    void findsTheRepositorysFiles() {
        assertThat(RealData.repositoryFile("gateway/schema.graphql")).isRegularFile();
        assertThat(RealData.jsonFiles("jira-webhooks")).isNotEmpty().allSatisfy(f -> assertThat(f)
                .startsWith("jira-webhooks/").endsWith(".json"));
        assertThat(RealData.json(RealData.jsonFiles("jira-webhooks").findFirst().orElseThrow()).isObject()).isTrue();
    }

    @Test
    void aMissingFileFailsTheTest() {
        assertThatThrownBy(() -> RealData.file("no/such/file.json")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("testdata file missing");
        assertThatThrownBy(() -> DevLake.folder("no-such-folder")).isInstanceOf(AssertionError.class);
    }
}
