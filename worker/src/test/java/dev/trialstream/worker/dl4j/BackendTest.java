package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message for ND4J's native libraries not loading names the innermost cause and JavaCPP's cache. */
class BackendTest {

    @Test
    void aBackendThatDidNotLoad_namesTheRootCauseAndTheCacheWithItsFreeSpace(@TempDir Path dir) {
        Path cache = dir.resolve("javacpp").resolve("cache"); // not there yet: the free space is its parent's
        Throwable error = new ExceptionInInitializerError(new RuntimeException("ND4J is probably missing dependencies",
                new UnsatisfiedLinkError("libnd4jcpu.so: cannot open shared object file: No such file or directory")));

        String message = Backend.notLoaded(error, cache);

        assertThat(message)
                .startsWith("ND4J's native libraries did not load (UnsatisfiedLinkError: libnd4jcpu.so: cannot open"
                        + " shared object file: No such file or directory); JavaCPP unpacks them (about 400 MB) into "
                        + cache + ", which has ")
                .matches(".*, which has \\d+ MB free \\(-Dorg\\.bytedeco\\.javacpp\\.cachedir=DIR puts them elsewhere\\)");
    }
}
