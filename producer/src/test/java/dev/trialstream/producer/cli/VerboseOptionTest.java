package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class VerboseOptionTest {

    private final Properties saved = (Properties) System.getProperties().clone();

    @Command(name = "demo")
    static final class Demo implements Callable<Integer> {
        @Mixin
        VerboseOption verbose = new VerboseOption();

        @Override
        public Integer call() {
            return 0;
        }
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
    }

    private static Properties config() throws Exception {
        Properties config = new Properties();
        try (InputStream in = VerboseOptionTest.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            config.load(in);
        }
        return config;
    }

    @Test
    void verbose_setsEveryLoggerTheConfigurationQuietsToInfoBeforeTheCommandRuns() throws Exception {
        new CommandLine(new Demo()).execute("--verbose");

        assertThat(config().stringPropertyNames()).filteredOn(k -> k.startsWith("org.slf4j.simpleLogger.log."))
                .isNotEmpty()
                .allSatisfy(key -> assertThat(System.getProperty(key)).as(key).isEqualTo("info"));
    }

    @Test
    void withoutVerbose_theConfigurationDecides() throws Exception {
        new CommandLine(new Demo()).execute();

        assertThat(config().stringPropertyNames()).filteredOn(k -> k.startsWith("org.slf4j.simpleLogger.log."))
                .allSatisfy(key -> assertThat(System.getProperty(key)).as(key).isNull());
    }
}
