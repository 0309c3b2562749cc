package dev.trialstream.launcher.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the PromQL out of the repository's Grafana dashboards and Prometheus rule files. */
final class ObservabilityFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(.+?)\\s*,\\s*(\\w+)\\s*\\)");

    /** One PromQL expression and where it is (file, panel, target or rule). */
    record Query(String source, String expr) {
    }

    /** A rule: {@code name} is the recorded series or the alert's name. */
    record Rule(String source, String name, String expr, boolean alert) {
    }

    /** A query variable {@code label_values(metric, label)}; multi or include-all ones interpolate as regexes. */
    record Variable(String source, String name, String metric, String label, boolean regex) {
    }

    record Dashboard(String file, List<Variable> variables, List<Query> targets) {
    }

    private ObservabilityFiles() {
    }

    /** The repository root: the first directory up from here holding prometheus/rules and grafana/dashboards. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("prometheus/rules")) && Files.isDirectory(dir.resolve("grafana/dashboards"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no prometheus/rules and grafana/dashboards above " + Path.of("").toAbsolutePath());
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static List<Dashboard> dashboards(Path dir) throws IOException {
        List<Dashboard> dashboards = new ArrayList<>();
        for (Path file : files(dir, ".json")) {
            String name = file.getFileName().toString();
            JsonNode root = JSON.readTree(file.toFile());
            List<Variable> variables = new ArrayList<>();
            for (JsonNode variable : root.path("templating").path("list")) {
                if (!"query".equals(variable.path("type").asText())) {
                    continue;
                }
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                String source = name + " variable $" + variable.path("name").asText();
                Matcher m = LABEL_VALUES.matcher(text);
                if (!m.matches()) {
                    throw new IllegalArgumentException(source + ": expected label_values(metric, label), found " + text);
                }
                variables.add(new Variable(source, variable.path("name").asText(), m.group(1), m.group(2),
                        variable.path("multi").asBoolean() || variable.path("includeAll").asBoolean()));
            }
            List<Query> targets = new ArrayList<>();
            collectTargets(name, root.path("panels"), targets);
            dashboards.add(new Dashboard(name, variables, targets));
        }
        return dashboards;
    }

    private static void collectTargets(String file, JsonNode panels, List<Query> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                if (!expr.isBlank()) {
                    into.add(new Query(file + " panel \"" + panel.path("title").asText() + "\" target "
                            + target.path("refId").asText(), expr));
                }
            }
            collectTargets(file, panel.path("panels"), into); // a collapsed row holds its panels
        }
    }

    static List<Rule> rules(Path dir) throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (Path file : files(dir, ".yml")) {
            for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    boolean alert = rule.has("alert");
                    String name = alert ? rule.path("alert").asText() : rule.path("record").asText();
                    rules.add(new Rule(file.getFileName() + (alert ? " alert " : " record ") + name, name,
                            rule.path("expr").asText(), alert));
                }
            }
        }
        return rules;
    }
}
