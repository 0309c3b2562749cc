package dev.trialstream.core.spec;

/**
 * One thing wrong with a spec.
 *
 * @param path    where: {@code space.learningRate.logUniform}, {@code training.maxEpochs}; empty for the whole document
 * @param message what, with the value found: {@code min must be > 0, found 0}
 * @param line    1-based line in the YAML text, 0 when unknown (a spec decoded from a message)
 * @param column  1-based column, 0 when unknown
 */
public record SpecProblem(String path, String message, int line, int column) {

    public SpecProblem {
        path = path == null ? "" : path;
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message must be set");
        }
    }

    /** A problem with no known position. */
    public SpecProblem(String path, String message) {
        this(path, message, 0, 0);
    }

    /** {@code path: message}, or the message alone for a document-wide problem. */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }

    /** {@code boston.yaml:12:3: training.maxEpochs: must be positive, found -5} (the position when known). */
    public String render(String source) {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        return text.append(": ").append(this).toString();
    }
}
