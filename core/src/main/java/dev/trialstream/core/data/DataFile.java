package dev.trialstream.core.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The raw bytes of one CSV file exactly as read, and the name errors use for it. Kept raw so the
 * same bytes can be content-addressed, shipped to workers and parsed there identically.
 */
public record DataFile(String name, byte[] bytes) {

    public DataFile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be set, found \"" + name + "\"");
        }
        if (bytes == null) {
            throw new IllegalArgumentException("bytes of " + name + " must be set");
        }
        bytes = bytes.clone();
    }

    public static DataFile ofText(String name, String text) {
        return new DataFile(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** Lower-case hex SHA-256 of the bytes (the name plays no part). */
    public String sha256() {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    /** Feeds the bytes to a running digest without copying them. */
    void digestInto(MessageDigest digest) {
        digest.update(bytes);
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataFile that && name.equals(that.name) && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "DataFile[" + name + ", " + bytes.length + " bytes]";
    }
}
