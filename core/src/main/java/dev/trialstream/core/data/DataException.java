package dev.trialstream.core.data;

import java.util.List;

/**
 * Bad input data. Carries every problem found in one pass (up to a limit) so that a user fixes a
 * file once, not once per error; each problem names the file, line, column and value at fault.
 */
public final class DataException extends RuntimeException {

    private final List<String> problems;
    private final int totalProblems;

    public DataException(String problem) {
        this(List.of(problem), 1, null);
    }

    public DataException(String problem, Throwable cause) {
        this(List.of(problem), 1, cause);
    }

    /**
     * @param problems      the problems kept, in the order found
     * @param totalProblems how many were found, at least {@code problems.size()}
     */
    public DataException(List<String> problems, int totalProblems) {
        this(problems, totalProblems, null);
    }

    private DataException(List<String> problems, int totalProblems, Throwable cause) {
        super(message(problems, totalProblems), cause);
        this.problems = List.copyOf(problems);
        this.totalProblems = totalProblems;
    }

    private static String message(List<String> problems, int total) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a DataException needs at least one problem");
        }
        if (total < problems.size()) {
            throw new IllegalArgumentException(
                    "totalProblems must be >= " + problems.size() + " (the problems given), found " + total);
        }
        if (total == 1) {
            return problems.get(0);
        }
        StringBuilder message = new StringBuilder().append(total).append(" problems");
        if (total > problems.size()) {
            message.append(" (first ").append(problems.size()).append(" shown)");
        }
        message.append(':');
        for (String problem : problems) {
            message.append("\n  ").append(problem);
        }
        return message.toString();
    }

    /** The problems kept (at most the reader's limit), each a complete sentence on its own. */
    public List<String> problems() {
        return problems;
    }

    /** How many problems were found, including those not kept. */
    public int totalProblems() {
        return totalProblems;
    }
}
