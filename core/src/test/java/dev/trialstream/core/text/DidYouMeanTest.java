package dev.trialstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {

    private static final List<String> KNOWN = List.of("s-abcd1234", "s-0f0f0f0f", "s-77aa0000", "s-77aa0001");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "none", textBlock = """
            S-ABCD1234  | s-abcd1234
            s-ABCD1234  | s-abcd1234
            s-abcd123   | s-abcd1234
            s-abcd12345 | s-abcd1234
            s-abdc1234  | s-abcd1234
            s-abce1234  | s-abcd1234
            s-0f0f0f0   | s-0f0f0f0f
            s-77aa000   | none
            s-77aa0002  | none
            s-abcd1234  | none
            s-99999999  | none
            s-ab        | none
            """, delimiter = '|')
    void among_suggestsTheOneIdThatDiffersInCaseOrByOneEdit_andNoneWhenSeveralOrNoneFit(String given, String meant) {
        assertThat(DidYouMean.among(given, KNOWN).orElse(null)).isEqualTo(meant);
    }

    @Test
    void among_prefersTheIdThatDiffersOnlyInCase_overOneThatIsOneEditAway() {
        // s-abcD1234 is one edit from both; only s-abcd1234 is the same id in another case.
        assertThat(DidYouMean.among("s-abcD1234", List.of("s-abcD1235", "s-abcd1234"))).contains("s-abcd1234");
    }
}
