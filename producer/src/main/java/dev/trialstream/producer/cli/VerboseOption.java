package dev.trialstream.producer.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose}: more detail, including the INFO logs of the libraries underneath (Kafka,
 * Kafka Streams, DL4J, RocksDB), which the shipped logging configuration keeps at WARN.
 */
public final class VerboseOption {

    /** The packages whose loggers the logging configuration quiets by default. */
    private static final List<String> LIBRARIES = List.of("kafka", "org.apache.kafka", "org.nd4j",
            "org.deeplearning4j", "org.rocksdb");

    private boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "more detail: the libraries' INFO logs (Kafka, DL4J); train also prints every epoch's CV MSE")
    void verbose(boolean value) {
        verbose = value;
        if (value) {
            // Set while the command line is parsed, before the command creates its first logger:
            // slf4j-simple reads its levels once, and system properties win over simplelogger.properties.
            for (String library : LIBRARIES) {
                System.setProperty("org.slf4j.simpleLogger.log." + library, "info");
            }
        }
    }

    public boolean verbose() {
        return verbose;
    }
}
