package dev.flowlens.ingest.connector.pull;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.PayloadFields;
import dev.flowlens.testsupport.RealData;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The paging and payload reads the connectors share: Link headers as GitHub and GitLab send them, and JSON paths. */
class ToolHttpLinksTest {

    @Test
    void theNextLinkOfGithubsAndGitlabsLinkHeaders() {
        assertThat(ToolHttp.nextLink("<https://api.github.com/repositories/1300192/issues?page=2>; rel=\"next\", "
                + "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\""))
                .contains(URI.create("https://api.github.com/repositories/1300192/issues?page=2"));
        String gitlab = "https://gitlab.example.com/api/v4/projects/8/issues";
        assertThat(ToolHttp.nextLink("<" + gitlab + "?page=1&per_page=3>; rel=\"prev\","
                + "<" + gitlab + "?id_after=42&per_page=3>; rel=\"next\""))
                .contains(URI.create(gitlab + "?id_after=42&per_page=3"));
        assertThat(ToolHttp.nextLink("<https://x.test/a?page=3>; rel=\"next last\""))
                .contains(URI.create("https://x.test/a?page=3"));
        assertThat(ToolHttp.nextLink("<https://x.test/a?page=3>; rel=next"))
                .contains(URI.create("https://x.test/a?page=3"));
        assertThat(ToolHttp.nextLink("<https://x.test/a?ids=1,2&page=4>; rel=\"next\""))
                .contains(URI.create("https://x.test/a?ids=1,2&page=4"));
        assertThat(ToolHttp.nextLink("<https://x.test/a?page=1>; rel=\"first\", <https://x.test/a?page=1>; rel=prev"))
                .isEmpty();
        assertThat(ToolHttp.nextLink(null)).isEqualTo(Optional.empty());
    }

    @Test
    void theQueryOfALinkDecoded() {
        URI link = URI.create("https://x.test/a?state=all&labels=a%2Cb&q=two+words&empty=&flag&page=2&page=3");
        assertThat(ToolHttp.query(link)).containsExactly(Map.entry("state", "all"), Map.entry("labels", "a,b"),
                Map.entry("q", "two words"), Map.entry("empty", ""), Map.entry("flag", ""), Map.entry("page", "3"));
        assertThat(ToolHttp.query(URI.create("https://x.test/a?cursor=a;b")))
                .containsExactly(Map.entry("cursor", "a;b"));
        assertThat(ToolHttp.query(URI.create("https://x.test/a"))).isEmpty();
    }

    @Test
    void aPathOfFieldsIsNullWhereAnyStepIsMissingOrNull() throws Exception {
        JsonNode n = RealData.JSON.readTree("""
                {"deployable": {"id": 7, "finished_at": null, "tags": ["a"]}, "name": "x", "a/b": {"~c": 1}}""");
        assertThat(PayloadFields.at(n, "deployable", "id").asLong()).isEqualTo(7);
        assertThat(PayloadFields.at(n, "a/b", "~c").asInt()).isEqualTo(1);
        assertThat(PayloadFields.at(n, "deployable", "finished_at")).isNull();
        assertThat(PayloadFields.at(n, "deployable", "missing", "id")).isNull();
        assertThat(PayloadFields.at(n, "name", "id")).isNull();
        assertThat(PayloadFields.at(n, "deployable", "tags", "id")).isNull();
        assertThat(PayloadFields.at(null, "id")).isNull();
        assertThat(PayloadFields.at(n)).isSameAs(n);
        assertThat(PayloadFields.text(n, "deployable", "tags")).isNull();
        assertThat(PayloadFields.text(n, "deployable", "id")).isEqualTo("7");
    }
}
