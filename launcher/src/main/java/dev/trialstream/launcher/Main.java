package dev.trialstream.launcher;

import dev.trialstream.launcher.bench.FinalFitBenchCommand;
import dev.trialstream.launcher.bench.LoadBenchCommand;
import dev.trialstream.launcher.bench.PackBenchCommand;
import dev.trialstream.launcher.bench.PipelineBenchCommand;
import dev.trialstream.launcher.cli.AggregatorCommand;
import dev.trialstream.launcher.faults.FaultsCommand;
import dev.trialstream.launcher.faults.ShareBenchCommand;
import dev.trialstream.launcher.cli.LocalCommand;
import dev.trialstream.launcher.cli.PredictCommand;
import dev.trialstream.launcher.cli.ReportCommand;
import dev.trialstream.launcher.cli.TopicsCommand;
import dev.trialstream.launcher.cli.TrainCommand;
import dev.trialstream.launcher.cli.ValidateCommand;
import dev.trialstream.launcher.cli.WorkerCommand;
import dev.trialstream.producer.cli.CancelCommand;
import dev.trialstream.producer.cli.ExportCommand;
import dev.trialstream.producer.cli.LeaderboardCommand;
import dev.trialstream.producer.cli.RefitCommand;
import dev.trialstream.producer.cli.StatusCommand;
import dev.trialstream.producer.cli.SubmitCommand;
import dev.trialstream.producer.cli.WatchCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** {@code trialstream}: the one entry point. Exit codes: 0 ok, 1 failure, 2 bad input. */
@Command(name = "trialstream",
        // Inherited by every subcommand: -h/--help, -V/--version, the version and the exit-code list.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        version = "trialstream 0.1.0",
        description = "Distributed hyperparameter search for DNN regressors: k-fold CV, Kafka, DL4J.",
        subcommands = {LocalCommand.class, ValidateCommand.class, TrainCommand.class, PredictCommand.class,
                SubmitCommand.class, StatusCommand.class, LeaderboardCommand.class, WatchCommand.class, CancelCommand.class,
                RefitCommand.class,
                ExportCommand.class, ReportCommand.class,
                WorkerCommand.class, AggregatorCommand.class, TopicsCommand.class, PipelineBenchCommand.class, LoadBenchCommand.class,
                PackBenchCommand.class, FinalFitBenchCommand.class,
                FaultsCommand.class, ShareBenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (training, I/O, broker)", "2:bad input (spec, data, options)"})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /** The configured command line, for main and for tests that check exit codes and output. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Main());
        line.setExecutionExceptionHandler(new ErrorReporter());
        line.setParameterExceptionHandler(new UsageErrorReporter());
        line.setExecutionStrategy(new StrictHelp());
        return line;
    }

    /**
     * Runs the command and flushes what it printed: picocli's writers buffer, and a command that
     * ends with {@code print} instead of {@code println} would otherwise lose its output at exit.
     */
    public static int execute(CommandLine line, String... args) {
        try {
            return line.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the ErrorReporter. An Error (ND4J's native libraries not
            // loading, e.g. on a full disk; out of memory) would end main before System.exit, and threads
            // still running (an embedded broker's) would keep the process up for ever: report it, exit 1.
            line.getErr().println(commandName(line) + ": " + describe(e));
            if (Boolean.getBoolean("trialstream.stacktraces")) {
                e.printStackTrace(line.getErr());
            }
            return 1;
        } finally {
            flush(line);
        }
    }

    /** The subcommand that ran, e.g. {@code trialstream local}. */
    private static String commandName(CommandLine line) {
        CommandLine.ParseResult parsed = line.getParseResult();
        while (parsed != null && parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed == null ? line.getCommandName() : parsed.commandSpec().qualifiedName();
    }

    /** The error and its causes (at most five), each as its class and message. */
    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth++ < 6; t = t.getCause()) {
            text.append(text.isEmpty() ? "" : "; caused by ").append(t.getClass().getName());
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    /** Subcommands first: asking a parent for its writer may hand a new one down to them. */
    private static void flush(CommandLine line) {
        line.getSubcommands().values().forEach(Main::flush);
        PrintWriter out = line.getOut();
        PrintWriter err = line.getErr();
        out.flush();
        err.flush();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
