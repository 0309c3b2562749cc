package dev.trialstream.launcher;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs the last subcommand, as picocli does by default, but first rejects an unknown option even
 * when {@code --help} was also given: {@code local --bogus --help} must not exit 0 as if all were well.
 */
final class StrictHelp implements IExecutionStrategy {

    @Override
    public int execute(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            List<String> unmatched = level.unmatched();
            if (!unmatched.isEmpty()) {
                throw new UnmatchedArgumentException(level.commandSpec().commandLine(), unmatched);
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }
}
