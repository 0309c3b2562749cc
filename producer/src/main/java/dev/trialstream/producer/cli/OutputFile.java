package dev.trialstream.producer.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks, before a long run starts, that a file it will write at the end can be written, so a
 * finished search is never lost to a typo in {@code --out}.
 */
public final class OutputFile {

    private OutputFile() {
    }

    /**
     * Creates the file's missing parent directories and proves that a file can be created there.
     *
     * @throws IllegalArgumentException (bad input, exit 2) naming the flag, the path and the reason
     */
    public static Path requireWritable(String flag, Path file) {
        if (file.toString().isEmpty()) {
            throw new IllegalArgumentException(flag + ": empty file name"); // Path.of("") is the working directory
        }
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(flag + " " + file + ": is a directory; give a file name");
        }
        Path parent = absolute.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + ": cannot create directory " + parent + " ("
                    + reason(e) + ")", e);
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new IllegalArgumentException(flag + " " + file + ": the file exists and is not writable");
        }
        try {
            probeWrite(parent);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + ": cannot write in " + parent + " (" + reason(e) + ")", e);
        }
        return file;
    }

    /**
     * Refuses an output file that is one of the command's own input files, naming it as the user
     * named it ("the --data file", "the spec's data.file"): the write at the end would replace the data or the
     * model the run read. {@code predict --out data.csv} wrote its predictions over the CSV, and
     * {@code train --save-model data.csv} a zip over the training data, without a word.
     *
     * @param inputs each input as the user named it ("the --data file") → its file; one that does not exist is skipped
     * @throws IllegalArgumentException (bad input, exit 2) naming both flags and the file
     */
    public static void requireNotInput(String flag, Path file, Map<String, Path> inputs) {
        inputs.forEach((input, path) -> {
            if (path != null && sameFile(file, path)) {
                throw new IllegalArgumentException(flag + " " + file + ": is also " + input + "; writing there would "
                        + "replace it: give another file name");
            }
        });
    }

    /** Whether two paths name one file: a link or another spelling of the path counts. */
    private static boolean sameFile(Path a, Path b) {
        if (!Files.exists(a) || !Files.exists(b)) {
            return false; // an output not there yet cannot be an input that was read
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /**
     * Creates the directory (and its parents) if missing and proves that files can be created in it.
     *
     * @throws IllegalArgumentException (bad input, exit 2) naming the flag, the path and the reason
     */
    public static Path requireWritableDirectory(String flag, Path dir) {
        Path absolute = dir.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
            probeWrite(absolute);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(flag + " " + dir + ": is a file; give a directory", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + dir + ": cannot create or write in it (" + reason(e) + ")", e);
        }
        return dir;
    }

    /** Creates and deletes a file in {@code dir}: the one proof that a later write there works. */
    private static void probeWrite(Path dir) throws IOException {
        Files.delete(Files.createTempFile(dir, ".trialstream-", ".probe"));
    }

    /**
     * A write at the end that failed (a full disk): the JDK's error names neither the flag nor the
     * file ("No space left on device"), this one names both.
     */
    public static IOException cannotWrite(String flag, Path file, IOException e) {
        return new IOException(flag + " " + file + ": cannot write it (" + reason(e) + ")", e);
    }

    /** What went wrong, in words: the JDK's file exceptions carry only the path as their message. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
