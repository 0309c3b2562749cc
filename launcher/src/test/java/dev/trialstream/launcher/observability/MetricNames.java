package dev.trialstream.launcher.observability;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, found lexically (Prometheus 2.42 has no parse
 * endpoint): string literals, label matchers, ranges and grouping clauses are dropped, then every
 * identifier that is not a function, an aggregation, a keyword or a number is a metric name.
 */
final class MetricNames {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKENS = Pattern.compile(
            "(?<number>\\d[\\w.]*|\\.\\d[\\w]*)|(?<word>[A-Za-z_:][A-Za-z0-9_:]*)(?<call>\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "atan2", "inf", "nan");

    private MetricNames() {
    }

    static Set<String> of(String expr) {
        String stripped = STRINGS.matcher(expr).replaceAll(" ");
        stripped = MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher token = TOKENS.matcher(stripped);
        while (token.find()) {
            String word = token.group("word");
            if (word != null && token.group("call") == null && !KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }
}
