package dev.trialstream.launcher.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaInterpolationTest {

    @Test
    void interpolation_replacesEveryVariableSyntax() {
        GrafanaInterpolation vars = new GrafanaInterpolation(Map.of("search", "s-1a2b", "__rate_interval", "30s"));

        assertThat(vars.apply("t", "rate(x{search=\"$search\"}[$__rate_interval]) + y{s=\"${search}\"} + z{s=\"[[search]]\"}"))
                .isEqualTo("rate(x{search=\"s-1a2b\"}[30s]) + y{s=\"s-1a2b\"} + z{s=\"s-1a2b\"}");
    }

    @Test
    void interpolation_multiValueIsAnEscapedRegex() {
        assertThat(GrafanaInterpolation.regexOf(List.of("10.0.0.3:8080"))).isEqualTo("10\\\\.0\\\\.0\\\\.3:8080");
        assertThat(GrafanaInterpolation.regexOf(List.of("a:1", "b:2"))).isEqualTo("(a:1|b:2)");
    }

    @Test
    void interpolation_unknownVariable() {
        GrafanaInterpolation vars = new GrafanaInterpolation(Map.of());

        assertThatThrownBy(() -> vars.apply("search.json panel \"P\" target A", "x{search=\"$search\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("search.json panel \"P\" target A: unknown variable $search in x{search=\"$search\"}");
    }
}
