package dev.flowlens.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void aBadInputIsWrittenWithItsViolationsAndNothingNull() {
        Problem p = BadInputException.ofAll(List.of("name must not be empty", "stages[1].kind must be ACTIVE or WAITING"))
                .problem("/internal/v1/value-streams");

        assertThat(p.json()).isEqualTo("{\"type\":\"urn:flowlens:problem:invalid-input\",\"title\":\"Invalid input\","
                + "\"status\":400,\"detail\":\"name must not be empty; stages[1].kind must be ACTIVE or WAITING\","
                + "\"instance\":\"/internal/v1/value-streams\",\"violations\":[{\"field\":\"name\",\"message\":"
                + "\"must not be empty\"},{\"field\":\"stages[1].kind\",\"message\":\"must be ACTIVE or WAITING\"}]}");
    }

    @Test
    void aViolationTakesTheFieldNamedFirst() {
        assertThat(Problem.Violation.of("window.to must be after window.from"))
                .isEqualTo(new Problem.Violation("window.to", "must be after window.from"));
        assertThat(Problem.Violation.of("kind: must be one of GITHUB, GITLAB, JIRA, got 'x'"))
                .isEqualTo(new Problem.Violation("kind", "must be one of GITHUB, GITLAB, JIRA, got 'x'"));
        assertThat(Problem.Violation.of("stages[0].statuses[2]: 'Done' is listed twice"))
                .isEqualTo(new Problem.Violation("stages[0].statuses[2]", "'Done' is listed twice"));
    }

    @Test
    void aMessageThatNamesNoFieldFirstIsKeptWhole() {
        assertThat(Problem.Violation.of("Content-Length is not a number"))
                .isEqualTo(new Problem.Violation(null, "Content-Length is not a number"));
        assertThat(Problem.Violation.of("no connector 'x'")).isEqualTo(new Problem.Violation(null, "no connector 'x'"));
    }

    @Test
    void anInternalErrorTellsOnlyItsId() {
        Problem p = Problem.internalError("1b2c", "/api/v1/events");

        assertThat(p.status()).isEqualTo(500);
        assertThat(p.errorId()).isEqualTo("1b2c");
        assertThat(p.detail()).isEqualTo("an unexpected error occurred; it was logged with error id 1b2c");
        assertThat(p.violations()).isNull();
    }

    @Test
    void aProblemIsReadBackAndAnythingElseIsNot() {
        Problem sent = new ConflictException("connector 'c1' is already syncing").problem("/x");

        assertThat(Problem.read(sent.json())).contains(sent);
        assertThat(Problem.read("{\"error\":\"old shape\"}")).isEmpty();
        assertThat(Problem.read("<html>")).isEmpty();
        assertThat(Problem.read("")).isEmpty();
    }

    @Test
    void onlyTheDocumentedRefusalOfACheckIsBadInput() {
        assertThatThrownBy(() -> BadInputException.whenRejected(() -> {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        })).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.type().status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("limit must be between 1 and 1000");
            assertThat(e.violations()).containsExactly(new Problem.Violation("limit", "must be between 1 and 1000"));
        });
        assertThatThrownBy(() -> BadInputException.whenRejected(() -> {
            throw new IllegalStateException("a bug");
        })).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BadInputException.check(() -> {
            throw new IllegalArgumentException("first must be between 1 and 500");
        })).isInstanceOfSatisfying(BadInputException.class,
                e -> assertThat(e.violations()).containsExactly(new Problem.Violation("first", "must be between 1 and 500")));
    }

    @Test
    void aRetryableUnavailabilityCarriesRetryAfter() {
        assertThat(new UnavailableException("retry later", 5).headers()).containsEntry("Retry-After", "5");
        assertThat(new UnavailableException("no key").headers()).isEmpty();
    }
}
