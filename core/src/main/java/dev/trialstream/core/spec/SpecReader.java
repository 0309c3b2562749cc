package dev.trialstream.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and validates search specs. Every problem of a spec is collected, each with its path
 * ({@code training.maxEpochs}) and, for YAML text, its line, and thrown together as one
 * {@link InvalidSpecException}. JSON is YAML, so the same reader takes the canonical JSON that
 * {@link SpecWriter} produces.
 */
public final class SpecReader {

    private final YAMLMapper yaml = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Reads a spec file; relative data paths resolve against the file's directory and must exist.
     *
     * @throws InvalidSpecException listing every problem, each prefixed with {@code file}
     */
    public SearchSpec read(Path file) {
        return read(file, SpecOverrides.none());
    }

    /**
     * Reads a spec file with command-line changes written in before it is validated: a flag can
     * give what the file leaves out, and a problem in a field a flag set names the flag, not a
     * line of the file.
     */
    public SearchSpec read(Path file, SpecOverrides overrides) {
        String source = file.toString();
        if (source.isEmpty()) {
            // Path.of("") is the working directory: name the empty name, not a directory.
            throw new InvalidSpecException("spec", List.of(new SpecProblem("", "empty file name")));
        }
        if (Files.isDirectory(file)) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", "is a directory, not a spec file")));
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", "cannot read the spec: no such file")));
        } catch (AccessDeniedException e) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", "cannot read the spec: permission denied")));
        } catch (CharacterCodingException e) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", "cannot read the spec: not UTF-8 text")));
        } catch (IOException e) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", "cannot read the spec: " + e.getMessage())));
        }
        return read(source, text, file.toAbsolutePath().getParent(), overrides);
    }

    /**
     * Reads a spec from text.
     *
     * @param displayName names the source in messages; its file-name stem is the spec's name when it sets none
     * @param baseDir     where relative data paths resolve and must exist; null to take paths as
     *                    written and not look at the file system
     * @throws InvalidSpecException listing every problem, each prefixed with {@code displayName}
     */
    public SearchSpec read(String displayName, String yamlText, Path baseDir) {
        return read(displayName, yamlText, baseDir, SpecOverrides.none());
    }

    private SearchSpec read(String displayName, String yamlText, Path baseDir, SpecOverrides overrides) {
        JsonNode tree = onlyDocument(displayName, yamlText);
        Problems.Locator locator = LocationIndex.of(yaml.getFactory(), yamlText);
        if (overrides.isEmpty() || !(tree instanceof ObjectNode root)) {
            return parse(displayName, tree, locator, baseDir);
        }
        Map<String, String> flags = overrides.writeInto(root);
        try {
            return parse(displayName, root, path -> flags.containsKey(path) ? LocationIndex.none().locate(path)
                    : locator.locate(path), baseDir);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException(displayName, e.problems().stream()
                    .map(problem -> flags.containsKey(problem.path()) ? new SpecProblem(problem.path(),
                            problem.message() + " (given by " + flags.get(problem.path()) + ")") : problem)
                    .toList());
        }
    }

    /**
     * The one YAML document of the text (missing when there is none). A second would be silently
     * dropped by a plain read, so a file holding two is refused; empty documents (a trailing
     * {@code ---}) hold nothing to lose and are skipped.
     */
    private JsonNode onlyDocument(String displayName, String yamlText) {
        JsonNode first = MissingNode.getInstance();
        int count = 0;
        int secondLine = 0;
        try (JsonParser parser = yaml.createParser(yamlText)) {
            while (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode document = yaml.readTree(parser);
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                count++;
                if (count == 1) {
                    first = document;
                } else if (count == 2) {
                    secondLine = line;
                }
            }
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(displayName, List.of(syntaxProblem(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // reading a String does no I/O
        }
        if (count > 1) {
            throw new InvalidSpecException(displayName, List.of(new SpecProblem("", "holds " + count
                    + " YAML documents; a spec is one document (the second starts on line " + secondLine + ")")));
        }
        return first;
    }

    /**
     * Reads a spec already parsed into a tree, e.g. one embedded in a Kafka message. Paths are
     * taken as they are and not checked against the file system.
     *
     * @throws InvalidSpecException listing every problem, each prefixed with {@code displayName}
     */
    public SearchSpec fromTree(String displayName, JsonNode tree) {
        return parse(displayName, tree, LocationIndex.none(), null);
    }

    private static SearchSpec parse(String displayName, JsonNode tree, Problems.Locator locator, Path baseDir) {
        Problems problems = new Problems(locator);
        return new SpecParser(problems, defaultName(displayName), baseDir).parse(tree)
                .orElseThrow(() -> new InvalidSpecException(displayName, problems.list()));
    }

    /** The file-name stem, made into a valid spec name: {@code examples/My Search.yaml} → {@code My-Search}. */
    static String defaultName(String displayName) {
        String base = displayName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (base.length() > 64) {
            base = base.substring(0, 64);
        }
        return base.isEmpty() ? "search" : base;
    }

    /** "invalid YAML: mapping values are not allowed here" at the parser's line and column. */
    private static SpecProblem syntaxProblem(JsonProcessingException e) {
        // SnakeYAML messages carry a source excerpt and "in 'reader', line 3" lines: keep the prose.
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage().lines()
                        .filter(line -> !line.isBlank() && !line.startsWith(" ") && !line.startsWith("in '"))
                        .collect(Collectors.joining("; "));
        JsonLocation location = e.getLocation();
        int line = location == null ? 0 : Math.max(0, location.getLineNr());
        int column = location == null ? 0 : Math.max(0, location.getColumnNr());
        return new SpecProblem("", "invalid YAML: " + message, line, column);
    }
}
