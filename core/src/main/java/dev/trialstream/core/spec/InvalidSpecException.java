package dev.trialstream.core.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec with one or more problems, all of them, so a user fixes a file in one pass. The message
 * holds one line per problem, each prefixed with the source (file name or spec name).
 */
public class InvalidSpecException extends IllegalArgumentException {

    private final String source;
    private final transient List<SpecProblem> problems;

    public InvalidSpecException(String source, List<SpecProblem> problems) {
        super(render(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file name or spec name the problems belong to. */
    public String source() {
        return source;
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    private static String render(String source, List<SpecProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid spec has at least one problem");
        }
        return problems.stream().map(problem -> problem.render(source)).collect(Collectors.joining("\n"));
    }
}
