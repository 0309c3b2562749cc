package dev.trialstream.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that does not parse: one line naming the flag at fault, picocli's suggestions for
 * a mistyped option, and where to find the usage (not the whole usage text); exit 2.
 */
final class UsageErrorReporter implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        // picocli names a map option "option option '--param'" in its KEY=VALUE message.
        // A missing option whose value was given bare ("predict m.zip p.csv"): say which words went unused.
        String unused = ex instanceof MissingParameterException && !line.getUnmatchedArguments().isEmpty()
                ? " (given without an option: " + String.join(" ", line.getUnmatchedArguments()) + ")" : "";
        err.println(qualifiedName(line) + ": " + ex.getMessage().replace("option option '", "option '") + unused);
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + qualifiedName(line) + " --help' for the options.");
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String qualifiedName(CommandLine line) {
        return line.getCommandSpec().qualifiedName();
    }
}
