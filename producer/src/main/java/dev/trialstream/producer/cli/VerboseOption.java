package dev.trialstream.producer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose}: more detail, including the INFO logs of the libraries underneath (Kafka,
 * Kafka Streams, DL4J, RocksDB), which the shipped logging configuration keeps quiet.
 */
public final class VerboseOption {

    /** slf4j-simple's configuration file, and the prefix of its per-logger levels. */
    private static final String CONFIG = "simplelogger.properties";
    private static final String LEVEL_PREFIX = "org.slf4j.simpleLogger.log.";

    private boolean verbose;

    @Option(names = {"-v", "--verbose"},
            description = "more detail: the libraries' INFO logs (Kafka, DL4J); train also prints every epoch's CV MSE")
    void verbose(boolean value) {
        verbose = value;
        if (value) {
            infoForEveryQuietedLogger();
        }
    }

    public boolean verbose() {
        return verbose;
    }

    /**
     * Every logger the configuration file quiets goes back to INFO, whatever the file lists. Set
     * while the command line is parsed, before the command creates its first logger: slf4j-simple
     * reads its levels once, and a system property wins over the file.
     */
    private static void infoForEveryQuietedLogger() {
        Properties config = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(CONFIG)) {
            if (in == null) {
                return; // no slf4j-simple configuration: nothing is quieted
            }
            config.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CONFIG + ": " + e.getMessage(), e);
        }
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith(LEVEL_PREFIX)) {
                System.setProperty(key, "info");
            }
        }
    }
}
