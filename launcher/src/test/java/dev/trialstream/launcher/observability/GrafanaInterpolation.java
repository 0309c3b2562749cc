package dev.trialstream.launcher.observability;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces dashboard variables in PromQL the way Grafana's Prometheus data source does:
 * {@code $name}, {@code ${name}} and {@code [[name]]}; a multi-value or include-all variable
 * becomes a regex of its regex-escaped values.
 */
final class GrafanaInterpolation {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");
    private static final String REGEX_SPECIAL = "$^*{}[]'+?.()|";

    private final Map<String, String> values;

    GrafanaInterpolation(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * A multi-value variable's text: each value regex-escaped for use inside a PromQL string (a
     * backslash before each regex metacharacter, itself escaped), several values as an alternation.
     */
    static String regexOf(List<String> selected) {
        List<String> escaped = selected.stream().map(GrafanaInterpolation::escape).toList();
        return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                out.append("\\\\\\\\");
            } else {
                if (REGEX_SPECIAL.indexOf(c) >= 0) {
                    out.append("\\\\");
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException naming a variable that has no value */
    String apply(String source, String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException(source + ": unknown variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
