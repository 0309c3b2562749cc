package dev.trialstream.core.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A dataset's raw inputs and how to read them, before any parsing: what a submitter uploads and a
 * worker parses again, so both see the same table.
 *
 * @param name         the dataset's name: a built-in's name, or the training file's display name
 * @param target       the target column
 * @param categorical  columns read as categories whatever they look like
 * @param train        the training file (split when there is no test file)
 * @param test         the held-out file with the same columns, or null
 * @param testFraction without a test file: the fraction of {@code train}'s rows held out, in [0, 1)
 * @param testSeed     the seed of that split
 * @param foldColumn   the column of integer fold numbers that fixes the CV folds, or null
 */
public record DatasetSource(String name, String target, List<String> categorical, DataFile train, DataFile test,
                            double testFraction, long testSeed, String foldColumn) {

    public DatasetSource(String name, String target, List<String> categorical, DataFile train, DataFile test,
                         double testFraction, long testSeed) {
        this(name, target, categorical, train, test, testFraction, testSeed, null);
    }

    public DatasetSource {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be set, found \"" + name + "\"");
        }
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target of dataset " + name + " must be set, found \"" + target + "\"");
        }
        if (train == null) {
            throw new IllegalArgumentException("train file of dataset " + name + " must be set");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1), found " + testFraction);
        }
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        if (categorical.contains(target)) {
            throw new IllegalArgumentException(
                    "target column \"" + target + "\" is listed as categorical but must be numeric");
        }
        FoldColumns.check(foldColumn, target, categorical);
    }

    /** The input files: the training file, then the test file if there is one. */
    public List<DataFile> files() {
        return test == null ? List.of(train) : List.of(train, test);
    }

    /**
     * Hex SHA-256 over the raw bytes of {@link #files()}, each preceded by its length so that no
     * two different file pairs collide. Names and read settings play no part: this addresses the
     * content, not how it is read.
     */
    public String fingerprint() {
        MessageDigest digest = DataFile.sha256Digest();
        for (DataFile file : files()) {
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(file.size()).array());
            file.digestInto(digest);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
