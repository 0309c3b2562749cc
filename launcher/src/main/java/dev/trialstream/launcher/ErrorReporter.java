package dev.trialstream.launcher;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one clear line on stderr and an exit code: bad input (an invalid spec,
 * a bad CSV, a bad option value) exits 2 without a stack trace; anything else exits 1.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine line, ParseResult parseResult) {
        boolean badInput = BadInput.is(ex);
        line.getErr().println("trialstream " + line.getCommandName() + ": " + message(ex));
        if (!badInput && Boolean.getBoolean("trialstream.stacktraces")) {
            ex.printStackTrace(line.getErr());
        }
        return badInput ? 2 : 1;
    }

    private static String message(Throwable ex) {
        if (ex instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (ex instanceof java.nio.file.AccessDeniedException denied) {
            return "cannot read " + denied.getFile() + ": permission denied";
        }
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }
}
