package dev.trialstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * An Error out of a command (picocli passes only Exceptions to the error handler) still ends in one
 * line naming it and its cause and exit code 1, so that main reaches System.exit.
 */
class MainErrorTest {

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new ExceptionInInitializerError(new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"));
        }
    }

    @Test
    void anError_exits1WithOneLineNamingItAndItsCause() {
        CommandLine line = Main.commandLine();
        line.addSubcommand("boom", new Boom());
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err, true));

        int code = Main.execute(line, "boom");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("trialstream boom: java.lang.ExceptionInInitializerError;"
                + " caused by java.lang.UnsatisfiedLinkError: no jnind4jcpu in java.library.path");
    }
}
