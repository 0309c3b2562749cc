package dev.trialstream.producer.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks option values while the command line is parsed, so a bad flag is reported by its name
 * ("--folds: must be at least 2, found 1") before anything runs, and exits 2.
 */
public final class OptionChecks {

    private OptionChecks() {
    }

    public static int between(CommandSpec command, String flag, int value, int min, int max) {
        return (int) between(command, flag, (long) value, (long) min, (long) max);
    }

    /** As {@link #between(CommandSpec, String, int, int, int)}, for a long (a duration in milliseconds or seconds). */
    public static long between(CommandSpec command, String flag, long value, long min, long max) {
        if (value < min) {
            throw new ParameterException(command.commandLine(), flag + ": must be at least " + min + ", found " + value);
        }
        if (value > max) {
            throw new ParameterException(command.commandLine(), flag + ": must be at most " + max + ", found " + value);
        }
        return value;
    }

    /** A number that must be over zero, such as a time budget; NaN is refused too. */
    public static double positive(CommandSpec command, String flag, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ParameterException(command.commandLine(), flag + ": must be a number over 0, found " + value);
        }
        return value;
    }

    /** A TCP port to serve on: 0 (any free one) to 65535, or -1 for none. */
    public static int port(CommandSpec command, String flag, int value) {
        return between(command, flag, value, -1, 65_535);
    }

    /** A file a flag names; an empty name ({@code --spec=}) is refused, as it would mean the working directory. */
    public static Path file(CommandSpec command, String flag, String value) {
        if (value.isBlank()) {
            throw new ParameterException(command.commandLine(), flag + ": empty file name");
        }
        return check(command, flag, () -> Path.of(value));
    }

    /** The checked value; an IllegalArgumentException from {@code check} becomes an error naming the flag. */
    public static <T> T check(CommandSpec command, String flag, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), flag + ": " + e.getMessage(), e);
        }
    }
}
