package dev.trialstream.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.prep.FittedPreprocessing;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.prep.Preprocessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    private static BundleInfo info(int models) {
        Table table = new CsvTableReader().read("t.csv", "x,y\n1,2\n2,4\n3,6\n".getBytes(StandardCharsets.UTF_8),
                List.of());
        FittedPreprocessing prep = new Preprocessor(new PrepOptions(true)).fit(table, "y", table.allRows());
        return new BundleInfo(BundleInfo.SCHEMA_VERSION, "s-1", "s-1-t0003", "t.csv", "abc", MessageSamples.PARAMS,
                40, 7, models, prep, MessageSamples.METRICS, java.util.Collections.nCopies(models, MessageSamples.METRICS),
                9.5, "dl4j-cpu", 1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A bundle zip written by hand, entry by entry. */
    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(bytes(namesAndContents[i + 1]));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String infoJson(BundleInfo info) {
        return new String(entry(new ModelBundle(info, java.util.Collections.nCopies(info.models(), bytes("m")))
                .toBytes(), ModelBundle.INFO_ENTRY), StandardCharsets.UTF_8);
    }

    private static byte[] entry(byte[] bundle, String name) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return zip.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no entry " + name);
    }

    /** Two members: one network of weight 0.75, two networks sharing 0.25. */
    private static BundleInfo members() {
        BundleInfo one = info(3);
        return new BundleInfo(one.schemaVersion(), one.searchId(), one.trialId(), one.dataset(), one.fingerprint(),
                one.params(), one.epochs(), one.seed(), 3, one.preprocessing(), one.test(), one.memberTests(),
                one.cvMse(), one.backend(), one.createdAt(), List.of(
                        new BundleMember("s-1-t0003", MessageSamples.PARAMS, 40, 7, 0.75, 1, MessageSamples.METRICS),
                        new BundleMember("s-1-t0001", MessageSamples.PARAMS, 30, 5, 0.25, 2, MessageSamples.METRICS)));
    }

    @Test
    void bundle_ofSelectedMembersKeepsTheirWeightsAndSharesEachAmongItsNetworks() {
        ModelBundle bundle = new ModelBundle(members(), List.of(bytes("a"), bytes("b1"), bytes("b2")));

        ModelBundle read = ModelBundle.fromBytes("b.zip", bundle.toBytes());

        assertThat(read.info()).isEqualTo(bundle.info());
        assertThat(read.info().networkWeights()).containsExactly(0.75, 0.125, 0.125);
        assertThat(info(4).networkWeights()).as("one configuration: equal weights").containsExactly(0.25, 0.25, 0.25, 0.25);
    }

    @Test
    void bundle_writtenBeforeEnsemblesReadsWithoutMembers() throws IOException {
        String json = infoJson(info(2)).replaceAll(",\\s*\"members\"\\s*:\\s*\\[\\s*\\]", "");
        assertThat(json).doesNotContain("members");

        ModelBundle read = ModelBundle.fromBytes("old.zip", zip("bundle.json", json, "model.zip", "m", "model-1.zip", "m"));

        assertThat(read.info().members()).isEmpty();
        assertThat(read.info().networkWeights()).containsExactly(0.5, 0.5);
    }

    @Test
    void bundle_saysWhatItsFinalFitLeftOut_andOneWrittenBeforeThatReadsWithNothingLeftOut() throws IOException {
        BundleInfo two = members();
        BundleInfo leftOut = new BundleInfo(two.schemaVersion(), two.searchId(), two.trialId(), two.dataset(),
                two.fingerprint(), two.params(), two.epochs(), two.seed(), two.models(), two.preprocessing(),
                two.test(), two.memberTests(), two.cvMse(), two.backend(), two.createdAt(), two.members(),
                List.of("trial s-1-t0008, network seed 9: training MSE is NaN after 150 epochs (learning rate 0.093 with"
                        + " nesterov)"));
        ModelBundle bundle = new ModelBundle(leftOut, List.of(bytes("a"), bytes("b1"), bytes("b2")));

        assertThat(ModelBundle.fromBytes("b.zip", bundle.toBytes()).info()).isEqualTo(leftOut);

        String json = infoJson(two).replaceAll(",\\s*\"leftOut\"\\s*:\\s*\\[\\s*\\]", "");
        assertThat(json).doesNotContain("leftOut").contains("members");
        ModelBundle read = ModelBundle.fromBytes("old.zip", zip("bundle.json", json, "model.zip", "a",
                "model-1.zip", "b1", "model-2.zip", "b2"));
        assertThat(read.info().leftOut()).isEmpty();
        assertThat(read.info().members()).isEqualTo(two.members());
    }

    @Test
    void bundle_refusesMembersThatDoNotAccountForEveryNetwork() {
        BundleInfo one = info(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BundleInfo(one.schemaVersion(), one.searchId(),
                one.trialId(), one.dataset(), one.fingerprint(), one.params(), one.epochs(), one.seed(), 2,
                one.preprocessing(), one.test(), one.memberTests(), one.cvMse(), one.backend(), one.createdAt(),
                List.of(new BundleMember("t", MessageSamples.PARAMS, 1, 1, 1.0, 1, MessageSamples.METRICS))))
                .hasMessage("members hold 1 networks but models is 2");
    }

    @Test
    void bundle_writtenToAPipe_goesThroughIt_insteadOfReplacingIt(@TempDir Path dir) throws Exception {
        // As /dev/null for root: renaming the written bundle over it replaced the device with a file.
        Path pipe = dir.resolve("pipe");
        assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "mkfifo");
        ModelBundle bundle = new ModelBundle(info(1), List.of(bytes("only")));
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> read = reader.submit(() -> Files.readAllBytes(pipe));
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    bundle.writeTo(pipe);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            written.get(10, TimeUnit.SECONDS);

            assertThat(Files.isRegularFile(pipe)).as("the pipe is still a pipe").isFalse();
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(bundle.toBytes());
        } finally {
            reader.shutdownNow();
            Files.deleteIfExists(pipe); // a reader still waiting on the pipe would keep the JVM from exiting
        }
    }

    @Test
    void bundle_ofAnEnsembleRoundTripsEveryModelInOrder() {
        ModelBundle bundle = new ModelBundle(info(3), List.of(bytes("first"), bytes("second"), bytes("third")));

        ModelBundle read = ModelBundle.fromBytes("b.zip", bundle.toBytes());

        assertThat(read.info()).isEqualTo(bundle.info());
        assertThat(read.models()).extracting(m -> new String(m, StandardCharsets.UTF_8))
                .containsExactly("first", "second", "third");
        assertThat(entry(bundle.toBytes(), "model.zip")).isEqualTo(bytes("first"));
        assertThat(entry(bundle.toBytes(), "model-2.zip")).isEqualTo(bytes("third"));
    }

    @Test
    void bundle_writtenBeforeEnsemblesReadsAsOneModel() throws IOException {
        // bundle.json as stop 10 wrote it: no "models", no "memberTests".
        String old = infoJson(info(1)).replaceAll("\\s*\"models\"\\s*:\\s*1\\s*,", "")
                .replaceAll("\\s*\"memberTests\"\\s*:\\s*\\[[^\\]]*\\]\\s*,", "");
        assertThat(old).doesNotContain("models").doesNotContain("memberTests").contains("\"test\"");

        ModelBundle read = ModelBundle.fromBytes("old.zip", zip("bundle.json", old, "model.zip", "net"));

        assertThat(read.info().models()).isEqualTo(1);
        assertThat(read.info().memberTests()).isEmpty();
        assertThat(read.models()).singleElement().isEqualTo(bytes("net"));
    }

    @Test
    void bundle_missingAMemberNamesIt() throws IOException {
        byte[] broken = zip("bundle.json", infoJson(info(3)), "model.zip", "a", "model-2.zip", "c");

        assertThatThrownBy(() -> ModelBundle.fromBytes("broken.zip", broken))
                .hasMessage("broken.zip: bundle.json says 3 models but model-1.zip is missing");
    }

    @Test
    void bundle_withMoreModelsThanItsInfoSaysIsRejected() throws IOException {
        byte[] extra = zip("bundle.json", infoJson(info(1)), "model.zip", "a", "model-1.zip", "b");

        assertThatThrownBy(() -> ModelBundle.fromBytes("extra.zip", extra))
                .hasMessage("extra.zip: it holds 2 models but bundle.json says 1");
    }

    @Test
    void bundle_whoseModelCountDisagreesWithItsInfoCannotBeBuilt() {
        assertThatThrownBy(() -> new ModelBundle(info(2), List.of(bytes("a"))))
                .hasMessage("the bundle's info says 2 models but it holds 1");
    }

    @Test
    void bundle_ofAnotherSchemaVersion_saysWhichAndWhatToDo() throws IOException {
        String json = infoJson(info(1));
        byte[] newer = zip("bundle.json", json.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"), "model.zip", "a");
        byte[] older = zip("bundle.json", json.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 0"), "model.zip", "a");

        assertThatThrownBy(() -> ModelBundle.fromBytes("new.zip", newer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("new.zip: a bundle written by a newer trialstream (schemaVersion 2); this one reads 1:"
                        + " predict with the trialstream that wrote it, or export or train the model again with this one");
        assertThatThrownBy(() -> ModelBundle.fromBytes("old.zip", older))
                .hasMessageStartingWith("old.zip: a bundle written by an older trialstream (schemaVersion 0); ");
    }

    @Test
    void bundle_whoseInfoFailsACheck_saysWhichFieldInItsOwnWords_notJacksons() throws IOException {
        String json = infoJson(info(1));
        byte[] badStd = zip("bundle.json", json.replaceFirst("\"targetStd\" : [0-9.eE-]+", "\"targetStd\" : 0"),
                "model.zip", "a");
        byte[] noParams = zip("bundle.json", json.replaceFirst("\"params\" : \\{[^}]*\\},", ""), "model.zip", "a");
        byte[] notJson = zip("bundle.json", "{\"schemaVersion\": 1,", "model.zip", "a");

        assertThatThrownBy(() -> ModelBundle.fromBytes("std.zip", badStd))
                .hasMessage("std.zip: bundle.json is invalid: preprocessing: targetStd must be > 0, found 0.0");
        assertThatThrownBy(() -> ModelBundle.fromBytes("p.zip", noParams))
                .hasMessage("p.zip: bundle.json is invalid: a bundle needs params, preprocessing and test metrics");
        assertThatThrownBy(() -> ModelBundle.fromBytes("j.zip", notJson))
                .hasMessageStartingWith("j.zip: bundle.json is invalid: not JSON (")
                .hasMessageNotContaining("REDACTED");
    }

    @Test
    void bundle_truncatedIsBadInputNamingIt() {
        byte[] whole = new ModelBundle(info(1), List.of(new byte[4096])).toBytes();
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> ModelBundle.fromBytes("trunc.zip", truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trunc.zip: not a readable trialstream model bundle (truncated or corrupt zip: ");
    }
}
