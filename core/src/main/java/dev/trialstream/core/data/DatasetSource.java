package dev.trialstream.core.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A dataset's raw inputs and how to read them, before any parsing: what a submitter uploads and a
 * worker parses again, so both see the same table. The reading is a {@link DatasetLayout}, the
 * same one the dataset's message reference carries.
 *
 * @param layout how the files are read (name, target, categorical columns, split, fold column);
 *               with a test file there is no random split
 * @param train  the training file (split when there is no test file)
 * @param test   the held-out file with the same columns, or null
 */
public record DatasetSource(DatasetLayout layout, DataFile train, DataFile test) {

    public DatasetSource(String name, String target, List<String> categorical, DataFile train, DataFile test,
                         double testFraction, long testSeed, String foldColumn) {
        this(new DatasetLayout(name, target, categorical, testFraction, testSeed, foldColumn), train, test);
    }

    public DatasetSource(String name, String target, List<String> categorical, DataFile train, DataFile test,
                         double testFraction, long testSeed) {
        this(name, target, categorical, train, test, testFraction, testSeed, null);
    }

    public DatasetSource {
        if (layout == null) {
            throw new IllegalArgumentException("layout must be set");
        }
        if (train == null) {
            throw new IllegalArgumentException("train file of dataset " + layout.name() + " must be set");
        }
        // A test file replaces the random split, so a split setting beside it would mean nothing.
        layout = test == null ? layout : layout.withoutSplit();
    }

    public String name() {
        return layout.name();
    }

    public String target() {
        return layout.target();
    }

    public List<String> categorical() {
        return layout.categorical();
    }

    public double testFraction() {
        return layout.testFraction();
    }

    public long testSeed() {
        return layout.testSeed();
    }

    public String foldColumn() {
        return layout.foldColumn();
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
