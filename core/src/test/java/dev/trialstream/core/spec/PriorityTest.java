package dev.trialstream.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityTest {

    private static final String MINIMAL = """
            data: {dataset: boston}
            strategy: {type: random, trials: 5}
            space: {neurons: [32, 64]}
            """;

    private SearchSpec read(String yaml) {
        return new SpecReader().read("t.yaml", yaml, null);
    }

    @ParameterizedTest
    @CsvSource({"high, 4", "HIGH, 4", "normal, 2", "low, 1", "7, 7", "100, 100"})
    void priority_namesAndWeights(String text, int weight) {
        assertThat(Priority.parse(text).weight()).isEqualTo(weight);
        assertThat(read(MINIMAL + "priority: " + text + "\n").priority().weight()).isEqualTo(weight);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "urgent | priority: must be low, normal, high or a weight 1-100, found \"urgent\"",
            "0      | priority: must be positive, found 0",
            "101    | priority: must be <= 100, found 101",
            "2.5    | priority: must be an integer, found 2.5"})
    void spec_badPriority(String value, String problem) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> read(MINIMAL + "priority: " + value + "\n"));

        assertThat(e.problems()).extracting(SpecProblem::toString).containsExactly(problem);
    }

    @Test
    void priority_parseNamesTheField() {
        assertThatThrownBy(() -> Priority.parse("urgent"))
                .hasMessage("priority must be low, normal, high or a weight 1-100, found \"urgent\"");
        assertThatThrownBy(() -> new Priority(0)).hasMessage("priority must be positive, found 0");
    }

    @Test
    void spec_priorityDefaultsToNormalAndRoundTrips() {
        assertThat(read(MINIMAL).priority()).isEqualTo(Priority.NORMAL);
        SearchSpec high = read(MINIMAL + "priority: high\nparallelism: 3\n");

        SearchSpec back = SearchSpec.fromJsonTree(high.toJsonTree());

        assertThat(back.priority()).isEqualTo(Priority.HIGH);
        assertThat(back.parallelism()).isEqualTo(OptionalInt.of(3));
        assertThat(new SpecWriter().toTree(read(MINIMAL)).has("priority")).as("normal is not written").isFalse();
        assertThat(SpecOverrides.none().withPriority(new Priority(9)).withParallelism(5).applyTo(read(MINIMAL)))
                .extracting(SearchSpec::priority, SearchSpec::parallelism)
                .containsExactly(new Priority(9), OptionalInt.of(5));
    }
}
