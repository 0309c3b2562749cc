package dev.trialstream.launcher.local;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.producer.cli.OutputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a freshly fitted model bundle ended up. A run writes its bundle only at its end, after
 * all of its training: when the file asked for cannot be written then (a full disk, a directory
 * removed meanwhile), the bundle goes to the temporary directory rather than nowhere.
 *
 * @param model   where the bundle is, or null when it could not be written anywhere
 * @param problem why it is not where it was asked for, and where it is instead; null when it is
 */
public record SavedBundle(Path model, String problem) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SavedBundle.class);

    /**
     * @param wanted the file asked for
     * @param name   names the temporary file, e.g. the search id
     */
    public static SavedBundle save(ModelBundle bundle, Path wanted, String name) {
        try {
            bundle.writeTo(wanted);
            return new SavedBundle(wanted, null);
        } catch (IOException e) {
            String problem = "could not write the model bundle to " + wanted + " (" + OutputFile.reason(e) + ")";
            Path fallback = fallback(bundle, name);
            return new SavedBundle(fallback, problem + (fallback != null ? "; it is at " + fallback + " instead"
                    : "; it could not be saved anywhere"));
        }
    }

    /** The bundle in the temporary directory, or null when even that fails. */
    private static Path fallback(ModelBundle bundle, String name) {
        try {
            Path file = Files.createTempFile("trialstream-" + name + "-", ".zip");
            bundle.writeTo(file);
            return file;
        } catch (IOException e) {
            LOG.warn("cannot write the model bundle to the temporary directory either: {}", OutputFile.reason(e));
            return null;
        }
    }
}
