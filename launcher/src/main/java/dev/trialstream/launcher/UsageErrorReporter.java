package dev.trialstream.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
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
        err.println(qualifiedName(line) + ": " + ex.getMessage().replace("option option '", "option '"));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + qualifiedName(line) + " --help' for the options.");
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String qualifiedName(CommandLine line) {
        return line.getCommandSpec().qualifiedName();
    }
}
