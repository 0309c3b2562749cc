package dev.trialstream.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.LrSchedule;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.params.WeightInit;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.training.CvPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper plain = new ObjectMapper();

    static Stream<Message> samples() {
        return MessageSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldRoundTripEveryMessageType(Message message) {
        byte[] bytes = codec.encode(message);

        assertThat(codec.decode(bytes, Message.class)).isEqualTo(message);
        assertThat(codec.decode(bytes, message.getClass())).isEqualTo(message);
        assertThat(codec.encode(codec.decode(bytes, Message.class))).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldWriteTypeThenSchemaVersionFirst(Message message) throws Exception {
        JsonNode tree = plain.readTree(codec.encode(message));

        List<String> fields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(fields::add);
        assertThat(fields.subList(0, 2)).containsExactly("type", "schemaVersion");
        assertThat(tree.get("type").textValue()).isEqualTo(message.getClass().getSimpleName());
        assertThat(tree.get("schemaVersion").intValue()).isEqualTo(Message.CURRENT_SCHEMA_VERSION).isEqualTo(5);
    }

    /** A TrialRequested as trialstream wrote it before schemaVersion 2 (CV settings flat, dataset flat). */
    private static final String TRIAL_REQUESTED_V1 = "{\"type\":\"TrialRequested\",\"schemaVersion\":1,\"searchId\":\"s-1\","
            + "\"trialId\":\"s-1-t0007\",\"index\":7,\"params\":{\"hiddenLayers\":3,\"neurons\":128,\"dropout\":0.25,"
            + "\"activation\":\"leakyrelu\",\"optimizer\":\"adamw\",\"learningRate\":3.0E-4,\"batchSize\":64,"
            + "\"weightInit\":\"he_uniform\",\"lrSchedule\":\"cosine\",\"l2\":1.0E-5},\"seed\":1234567890123,\"folds\":5,"
            + "\"cvSeed\":99,\"maxEpochs\":200,\"patience\":10,\"dataset\":{\"name\":\"synthetic\",\"train\":{\"sha256\":\""
            + MessageSamples.TRAIN.sha256() + "\",\"totalBytes\":27,\"chunkCount\":2,\"displayName\":\"train.csv\"},"
            + "\"test\":null,\"testFraction\":0.2,\"testSeed\":42,\"target\":\"y\",\"categorical\":[],\"foldColumn\":null},"
            + "\"standardizeTarget\":true,\"requestedAt\":1767225600000}";

    @Test
    void identify_readsTheTypeAndIdsOfARecordItCannotDecode() {
        assertThat(codec.identify(TRIAL_REQUESTED_V1.getBytes(StandardCharsets.UTF_8)))
                .contains(new MessageCodec.Identity("TrialRequested", "s-1", "s-1-t0007"));
        assertThat(codec.identify(codec.encode(new SearchCancelled("s-2", "user asked", 1))))
                .contains(new MessageCodec.Identity("SearchCancelled", "s-2", null));
        assertThat(codec.identify("{not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(codec.identify("[1, 2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(codec.identify("{\"searchId\":\"s-3\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(codec.identify(null)).isEmpty();
    }

    @Test
    void shouldRejectAVersion1MessageSayingWhoWroteIt() {
        MessageDecodeException e = decodeFails(TRIAL_REQUESTED_V1, TrialMessage.class);

        assertThat(e).hasMessage("TrialRequested: written by an older trialstream (schemaVersion 1); this one reads 3 to 5");
        assertThat(e.type()).contains("TrialRequested");
        assertThat(e.field()).contains("schemaVersion");
    }

    @Test
    void shouldWriteTrialRequestedAsPlainJson() {
        String expected = "{\"type\":\"TrialRequested\",\"schemaVersion\":5,\"searchId\":\"s-1\",\"trialId\":\"s-1-t0007\","
                + "\"index\":7,\"params\":{\"hiddenLayers\":3,\"neurons\":128,\"dropout\":0.25,\"activation\":\"leakyrelu\","
                + "\"optimizer\":\"adamw\",\"learningRate\":3.0E-4,\"batchSize\":64,\"weightInit\":\"he_uniform\","
                + "\"lrSchedule\":\"cosine\",\"l2\":1.0E-5},\"seed\":1234567890123,"
                + "\"cv\":{\"folds\":5,\"foldSeed\":99,\"maxEpochs\":200,\"patience\":10,\"standardizeTarget\":true},"
                + "\"dataset\":{\"layout\":{\"name\":\"synthetic\",\"target\":\"y\",\"categorical\":[\"x2\"],"
                + "\"testFraction\":0.0,\"testSeed\":0,\"foldColumn\":null},"
                + "\"train\":{\"sha256\":\"" + MessageSamples.TRAIN.sha256() + "\",\"totalBytes\":27,\"chunkCount\":2,"
                + "\"displayName\":\"train.csv\"},"
                + "\"test\":{\"sha256\":\"" + MessageSamples.TEST.sha256() + "\",\"totalBytes\":14,\"chunkCount\":1,"
                + "\"displayName\":\"test.csv\"}},"
                + "\"requestedAt\":1767225600000}";

        assertThat(codec.encodeToString(MessageSamples.trialRequested())).isEqualTo(expected);
    }

    @Test
    void shouldWriteEpochReportedAsPlainJson() {
        assertThat(codec.encodeToString(MessageSamples.epochReported())).isEqualTo(
                "{\"type\":\"EpochReported\",\"schemaVersion\":5,\"searchId\":\"s-1\",\"trialId\":\"s-1-t0007\","
                        + "\"attempt\":\"a-1\",\"epoch\":3,\"foldMse\":[21.5,19.25,30.0],\"at\":1767225600000}");
        assertThat(MessageSamples.epochReported().meanMse()).isEqualTo((21.5 + 19.25 + 30.0) / 3);
    }

    @Test
    void shouldWriteTrialCompletedWithItsFoldScoresOnly() throws Exception {
        TrialCompleted completed = MessageSamples.all().stream().filter(TrialCompleted.class::isInstance)
                .map(TrialCompleted.class::cast).findFirst().orElseThrow();
        JsonNode tree = tree(completed);

        List<String> fields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("type", "schemaVersion", "searchId", "trialId", "epochs", "cv", "seconds",
                "workerId", "at", "outOfFold", "outOfFoldFile");
        assertThat(tree.get("outOfFoldFile").isNull()).isTrue();
        // Little-endian float32s in base64: 1.5f is 00 00 c0 3f.
        assertThat(tree.get("outOfFold").get("predictions").textValue()).isEqualTo(java.util.Base64.getEncoder()
                .encodeToString(new byte[] {0, 0, (byte) 0xc0, 0x3f, 0, 0, 0, (byte) 0xc0, 0, 0, (byte) 0xc2, 0x41}));
        assertThat(codec.decode(codec.encode(completed), TrialCompleted.class).outOfFold())
                .isEqualTo(MessageSamples.OUT_OF_FOLD);
        assertThat(tree.get("cv").get("folds").get(1).get("mse").doubleValue()).isEqualTo(12.5);
        assertThat(tree.get("cv").size()).isEqualTo(1);
        assertThat(completed.cv().mse()).isEqualTo(12.5);
        assertThat(completed.cv().mseStd()).isCloseTo(Math.sqrt(1.5), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldCarryLargeOutOfFoldPredictionsAsABlobReference() {
        TrialCompleted inline = MessageSamples.all().stream().filter(TrialCompleted.class::isInstance)
                .map(TrialCompleted.class::cast).findFirst().orElseThrow();
        FileRef file = new BlobChunker().ref(inline.outOfFold().toBytes(), "s-1-t0007.oof");

        TrialCompleted byReference = codec.decode(codec.encode(inline.withOutOfFoldFile(file)), TrialCompleted.class);

        assertThat(byReference.outOfFold()).isNull();
        assertThat(byReference.outOfFoldFile()).isEqualTo(file);
        assertThat(byReference.withOutOfFold(inline.outOfFold())).isEqualTo(inline);
        assertThatThrownBy(() -> new TrialCompleted("s-1", "s-1-t0007", 3, inline.cv(), 1.0, "w", 0,
                inline.outOfFold(), file)).hasMessageContaining("at most one");
    }

    @Test
    void shouldStillReadATrialCompletedOfSchemaVersion3WithoutTheBlobReference() throws Exception {
        TrialCompleted completed = MessageSamples.all().stream().filter(TrialCompleted.class::isInstance)
                .map(TrialCompleted.class::cast).findFirst().orElseThrow();
        ObjectNode old = (ObjectNode) tree(completed);
        old.put("schemaVersion", 3);
        old.remove("outOfFoldFile");

        TrialCompleted read = codec.decode(old.toString().getBytes(StandardCharsets.UTF_8),
                TrialCompleted.class);

        assertThat(read).isEqualTo(completed);
    }

    @Test
    void shouldReadASearchCancelledOfSchemaVersion4AsACancelWithNoModel() throws Exception {
        SearchCancelled withFit = new SearchCancelled("s-1", "interrupted", 7, true);
        ObjectNode old = (ObjectNode) tree(withFit);
        old.put("schemaVersion", 4);
        old.remove("finalFit");

        assertThat(codec.decode(tree(withFit).toString().getBytes(StandardCharsets.UTF_8), SearchMessage.class))
                .isEqualTo(withFit);
        assertThat(codec.decode(old.toString().getBytes(StandardCharsets.UTF_8), SearchMessage.class))
                .isEqualTo(new SearchCancelled("s-1", "interrupted", 7, false));
    }

    /** Aggregators before 2026-12-08 listed no running trials; this reader takes their snapshots as listing none. */
    @Test
    void shouldReadALeaderboardSnapshotWithoutRunningTrialsAsListingNone() throws Exception {
        LeaderboardSnapshot sample = MessageSamples.all().stream().filter(LeaderboardSnapshot.class::isInstance)
                .map(LeaderboardSnapshot.class::cast).findFirst().orElseThrow();
        LeaderboardSnapshot running = new LeaderboardSnapshot(sample.searchId(), sample.name(), sample.counts(),
                sample.top(), sample.stopped(), 201, 180, sample.finalTest(), sample.status(), sample.updatedAt(),
                sample.ensemble(), 21, List.of(new RunningTrial("s-1-t0003", "w-host-1", 4, 1000, 3000, 9000)), 2000);
        ObjectNode old = (ObjectNode) tree(running);
        old.remove("running");
        old.remove("firstEpochMillis");

        assertThat(codec.decode(tree(running).toString().getBytes(StandardCharsets.UTF_8), LeaderboardSnapshot.class))
                .isEqualTo(running);
        LeaderboardSnapshot read = codec.decode(old.toString().getBytes(StandardCharsets.UTF_8),
                LeaderboardSnapshot.class);
        assertThat(read.running()).isEmpty();
        assertThat(read.firstEpochMillis()).isZero();
    }

    /** A cancel written before a cancel could abandon a final fit is a plain one, that leaves a final fit alone. */
    @Test
    void shouldReadASearchCancelledWithoutAbandonFinalFitAsAPlainCancel() throws Exception {
        SearchCancelled abandoning = new SearchCancelled("s-1", "no worker", 7, false, true);
        ObjectNode old = (ObjectNode) tree(abandoning);
        old.remove("abandonFinalFit");

        assertThat(codec.decode(tree(abandoning).toString().getBytes(StandardCharsets.UTF_8), SearchMessage.class))
                .isEqualTo(abandoning);
        assertThat(codec.decode(old.toString().getBytes(StandardCharsets.UTF_8), SearchMessage.class))
                .isEqualTo(new SearchCancelled("s-1", "no worker", 7, false, false));
    }

    @Test
    void searchCancelled_finalFitAndAbandonFinalFit() {
        assertThatThrownBy(() -> new SearchCancelled("s-1", "r", 7, true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finalFit and abandonFinalFit cannot both be true: one asks for the final model, the other"
                        + " gives it up");
    }

    /** Aggregators before the epochs redone were counted wrote none; this reader takes their snapshots as 0 redone. */
    @Test
    void shouldReadALeaderboardSnapshotWithoutItsEpochsRedoneAsNoneRedone() throws Exception {
        LeaderboardSnapshot sample = MessageSamples.all().stream().filter(LeaderboardSnapshot.class::isInstance)
                .map(LeaderboardSnapshot.class::cast).findFirst().orElseThrow();
        LeaderboardSnapshot redone = new LeaderboardSnapshot(sample.searchId(), sample.name(), sample.counts(),
                sample.top(), sample.stopped(), 201, 180, sample.finalTest(), sample.status(), sample.updatedAt(),
                sample.ensemble(), 21);
        ObjectNode old = (ObjectNode) tree(redone);
        old.remove("epochsRedone");

        assertThat(tree(redone).get("epochsRedone").asLong()).isEqualTo(21);
        assertThat(codec.decode(tree(redone).toString().getBytes(StandardCharsets.UTF_8), LeaderboardSnapshot.class))
                .isEqualTo(redone);
        assertThat(codec.decode(old.toString().getBytes(StandardCharsets.UTF_8), LeaderboardSnapshot.class)
                .epochsRedone()).isZero();
    }

    @Test
    void shouldWriteStatesByTheirWireNames() throws Exception {
        LeaderboardSnapshot snapshot = MessageSamples.all().stream().filter(LeaderboardSnapshot.class::isInstance)
                .map(LeaderboardSnapshot.class::cast).findFirst().orElseThrow();
        JsonNode tree = tree(snapshot);

        assertThat(tree.get("status").textValue()).isEqualTo("final-fit");
        assertThat(tree.get("stopped").get(0).get("state").textValue()).isEqualTo("pruned");
        assertThat(tree.get("stopped").get(1).get("state").textValue()).isEqualTo("failed");
        assertThat(tree.has("done")).isFalse();
        assertThat(snapshot.done()).isFalse();
    }

    @Test
    void shouldWriteBytesAsBase64AndNanAsString() {
        String chunk = codec.encodeToString(new BlobChunk(BlobChunker.sha256(new byte[] {1, 2, 3}), 0, 1, 3, "x.bin",
                new byte[] {1, 2, 3}));
        String entry = codec.encodeToString(new LeaderboardSnapshot("s-1", "n", StatusCounts.NONE, List.of(), List.of(), 0, 0,
                new RegressionMetrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN), SearchStatus.DONE, 0));

        assertThat(chunk).contains("\"data\":\"AQID\"");
        assertThat(entry).contains("\"finalTest\":{\"n\":0,\"mse\":\"NaN\",\"rmse\":\"NaN\",\"mae\":\"NaN\",\"r2\":\"NaN\"}");
        assertThat(codec.decode(entry.getBytes(StandardCharsets.UTF_8), LeaderboardSnapshot.class).finalTest().mse())
                .isNaN();
    }

    @Test
    void shouldRegisterEveryRecordOfTheSealedHierarchyUnderItsSimpleName() {
        Set<Class<?>> leaves = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(Message.class));
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (type.isRecord()) {
                leaves.add(type);
            } else {
                todo.addAll(List.of(type.getPermittedSubclasses()));
            }
        }

        assertThat(new HashSet<Class<?>>(codec.types().values())).isEqualTo(leaves);
        codec.types().forEach((name, type) -> assertThat(name).isEqualTo(type.getSimpleName()));
        assertThat(MessageSamples.all().stream().map(Object::getClass).toList())
                .containsExactlyInAnyOrderElementsOf(leaves);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldRoundTripEveryActivation(Activation activation) {
        assertParamsRoundTrip(new Hyperparameters(1, 8, 0, activation, Optimizer.SGD, 0.1, 8, WeightInit.XAVIER,
                LrSchedule.NONE, 0));
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void shouldRoundTripEveryOptimizer(Optimizer optimizer) {
        assertParamsRoundTrip(new Hyperparameters(2, 64, 0.1, Activation.ELU, optimizer, 1e-3, 32, WeightInit.LECUN,
                LrSchedule.EXPONENTIAL, 1e-4));
    }

    @ParameterizedTest
    @EnumSource(WeightInit.class)
    void shouldRoundTripEveryWeightInit(WeightInit init) {
        assertParamsRoundTrip(new Hyperparameters(1, 1, 0.5, Activation.TANH, Optimizer.RMSPROP, 1e-2, 1, init,
                LrSchedule.STEP, 0.5));
    }

    @ParameterizedTest
    @EnumSource(LrSchedule.class)
    void shouldRoundTripEveryLrSchedule(LrSchedule schedule) {
        assertParamsRoundTrip(new Hyperparameters(16, 65_536, 0.999, Activation.SELU, Optimizer.NADAM, 10, 4096,
                WeightInit.NORMAL, schedule, 1e-9));
    }

    private void assertParamsRoundTrip(Hyperparameters params) {
        TrialRequested trial = new TrialRequested("s", "t", 0, params, 0, new CvPlan(2, 0, 1, 0, false),
                MessageSamples.DATASET, 0);
        TrialRequested back = codec.decode(codec.encode(trial), TrialRequested.class);
        assertThat(back.params()).isEqualTo(params);
    }

    @Test
    void shouldCarryTheFoldColumn() {
        TrialRequested base = MessageSamples.trialRequested();
        TrialRequested withFolds = new TrialRequested(base.searchId(), base.trialId(), base.index(), base.params(),
                base.seed(), new CvPlan(3, base.cv().foldSeed(), base.cv().maxEpochs(), base.cv().patience(),
                        base.cv().standardizeTarget()), base.dataset().withFoldColumn("fold"), base.requestedAt());

        TrialMessage decoded = codec.decode(codec.encode(withFolds), TrialMessage.class);

        assertThat(decoded).isEqualTo(withFolds);
        assertThat(((TrialRequested) decoded).dataset().layout().foldColumn()).isEqualTo("fold");
        assertThat(((TrialRequested) codec.decode(codec.encode(base), TrialMessage.class)).dataset().layout().foldColumn())
                .isNull();
    }

    @Test
    void shouldIgnoreUnknownFieldsFromANewerWriter() throws Exception {
        ObjectNode tree = tree(MessageSamples.trialRequested());
        tree.put("priority", "high");
        ((ObjectNode) tree.get("params")).put("momentum", 0.9);

        assertThat(codec.decode(bytes(tree), TrialMessage.class)).isEqualTo(MessageSamples.trialRequested());
    }

    @Test
    void shouldRejectUnknownTypeNamingIt() {
        MessageDecodeException e = decodeFails("{\"type\":\"TrialExploded\",\"schemaVersion\":1}", TrialMessage.class);

        assertThat(e).hasMessage("unknown message type 'TrialExploded'; TrialMessage accepts "
                + "[FinalFitRequested, TrialRequested]");
        assertThat(e.type()).contains("TrialExploded");
        assertThat(e.field()).contains("type");
    }

    @Test
    void shouldRejectTypeOfAnotherTopic() {
        byte[] stop = codec.encode(new StopTrial("s-1", "t-1", "median", 0));

        assertThatThrownBy(() -> codec.decode(stop, TrialMessage.class))
                .isInstanceOf(MessageDecodeException.class)
                .hasMessage("message type 'StopTrial' does not belong to TrialMessage; TrialMessage accepts "
                        + "[FinalFitRequested, TrialRequested]");
    }

    @Test
    void shouldRejectMissingOrNonTextType() {
        assertThat(decodeFails("{\"schemaVersion\":1,\"searchId\":\"s\"}", ControlMessage.class))
                .hasMessage("missing field 'type'; ControlMessage accepts [CancelSearch, RungCutoffs, StopTrial]");
        assertThat(decodeFails("{\"type\":5,\"schemaVersion\":1}", ControlMessage.class))
                .hasMessage("field 'type' must be a string, found 5");
    }

    @Test
    void shouldRejectUnsupportedSchemaVersionNamingIt() throws Exception {
        ObjectNode tree = tree(MessageSamples.trialRequested());
        tree.put("schemaVersion", 6);

        MessageDecodeException e = decodeFails(bytes(tree), TrialMessage.class);

        assertThat(e).hasMessage("TrialRequested: written by a newer trialstream (schemaVersion 6); this one reads 3 to 5");
        assertThat(e.field()).contains("schemaVersion");
    }

    @Test
    void shouldRejectMissingOrMalformedSchemaVersion() throws Exception {
        ObjectNode tree = tree(MessageSamples.trialRequested());
        tree.remove("schemaVersion");
        assertThat(decodeFails(bytes(tree), TrialMessage.class))
                .hasMessage("TrialRequested: missing field 'schemaVersion'");

        tree.put("schemaVersion", "1");
        assertThat(decodeFails(bytes(tree), TrialMessage.class))
                .hasMessage("TrialRequested: field 'schemaVersion' must be an integer, found \"1\"");
    }

    @Test
    void shouldNameTheNestedFieldOfAnInvalidValue() throws Exception {
        ObjectNode tree = tree(MessageSamples.trialRequested());
        ((ObjectNode) tree.get("params")).put("dropout", 1.5);

        MessageDecodeException e = decodeFails(bytes(tree), TrialMessage.class);

        assertThat(e).hasMessage("TrialRequested: field 'params': dropout must be in [0, 1), found 1.5");
        assertThat(e.type()).contains("TrialRequested");
        assertThat(e.field()).contains("params");
    }

    @Test
    void shouldNameTheFieldOfAnUnknownEnumValue() throws Exception {
        ObjectNode tree = tree(MessageSamples.trialRequested());
        ((ObjectNode) tree.get("params")).put("activation", "swish");

        MessageDecodeException e = decodeFails(bytes(tree), TrialMessage.class);

        assertThat(e.field()).contains("params.activation");
        assertThat(e).hasMessage("TrialRequested: field 'params.activation': activation must be one of "
                + "[relu, tanh, sigmoid, elu, leakyrelu, selu], found \"swish\"");
    }

    @Test
    void shouldNameTheFieldOfAWronglyTypedValue() throws Exception {
        ObjectNode tree = tree(MessageSamples.trialRequested());
        tree.put("index", "7");

        MessageDecodeException e = decodeFails(bytes(tree), TrialMessage.class);

        assertThat(e.field()).contains("index");
        assertThat(e.getMessage()).startsWith("TrialRequested: field 'index': ");
    }

    @Test
    void shouldNameAMissingField() throws Exception {
        ObjectNode tree = tree(MessageSamples.trialRequested());
        tree.remove("seed");

        MessageDecodeException e = decodeFails(bytes(tree), TrialMessage.class);

        assertThat(e.field()).contains("seed");
        assertThat(e.getMessage()).startsWith("TrialRequested: field 'seed': Missing creator property 'seed'");
    }

    @Test
    void shouldRejectNullAndFractionalPrimitives() throws Exception {
        ObjectNode tree = tree(MessageSamples.trialRequested());
        ((ObjectNode) tree.get("cv")).putNull("folds");
        assertThat(decodeFails(bytes(tree), TrialMessage.class).field()).contains("cv.folds");

        ((ObjectNode) tree.get("cv")).put("folds", 5.5);
        assertThat(decodeFails(bytes(tree), TrialMessage.class).field()).contains("cv.folds");
    }

    @Test
    void shouldReportARecordLevelValidationFailure() throws Exception {
        ObjectNode tree = tree(MessageSamples.epochReported());
        tree.put("epoch", 0);

        MessageDecodeException e = decodeFails(bytes(tree), EventMessage.class);

        assertThat(e).hasMessage("EpochReported: epoch must be positive, found 0");
        assertThat(e.field()).isEmpty();
    }

    @Test
    void shouldRejectAFinalFitOfTooManyModels() throws Exception {
        ObjectNode tree = tree(finalFitRequested());
        tree.put("models", 21);
        assertThat(decodeFails(bytes(tree), TrialMessage.class))
                .hasMessage("FinalFitRequested: models must be <= 20, found 21");

        tree.put("models", 0);
        assertThat(decodeFails(bytes(tree), TrialMessage.class))
                .hasMessage("FinalFitRequested: models must be positive, found 0");
    }

    private static FinalFitRequested finalFitRequested() {
        return MessageSamples.all().stream().filter(FinalFitRequested.class::isInstance)
                .map(FinalFitRequested.class::cast).findFirst().orElseThrow();
    }

    @Test
    void shouldNameTheListElementAtFault() throws Exception {
        ObjectNode tree = tree(MessageSamples.epochReported());
        tree.putArray("foldMse").add(1.0).add(-2.0);

        assertThat(decodeFails(bytes(tree), EventMessage.class))
                .hasMessage("EpochReported: foldMse[1] must be >= 0, NaN or Infinity, found -2.0");
    }

    @Test
    void shouldRejectGarbageBytesShowingTheirStart() {
        byte[] garbage = {'g', 'a', 'r', 'b', 'a', 'g', 'e', 1, (byte) 0xff};

        MessageDecodeException e = decodeFails(garbage, EventMessage.class);

        assertThat(e.getMessage()).startsWith("not JSON at line 1, column ");
        assertThat(e.getMessage()).endsWith("; bytes start with \"garbage\\x01\uFFFD\" (9 bytes)");
        assertThat(e.type()).isEmpty();
    }

    @Test
    void shouldRejectJsonThatIsNotAnObject() {
        assertThat(decodeFails("[1,2]", EventMessage.class))
                .hasMessage("expected a JSON object, found ARRAY; bytes start with \"[1,2]\" (5 bytes)");
        assertThat(decodeFails("", EventMessage.class))
                .hasMessage("expected a JSON object, found MISSING; bytes start with \"\" (0 bytes)");
    }

    @Test
    void shouldRejectTrailingContent() throws Exception {
        String twice = codec.encodeToString(MessageSamples.epochReported()) + "{}";

        assertThat(decodeFails(twice, EventMessage.class).getMessage()).startsWith("not JSON at line 1, column ");
    }

    @Test
    void shouldRejectANullValue() {
        assertThatThrownBy(() -> codec.decode(null, ControlMessage.class))
                .isInstanceOf(MessageDecodeException.class)
                .hasMessage("cannot decode a null value (a tombstone?) as ControlMessage");
    }

    private MessageDecodeException decodeFails(String json, Class<? extends Message> family) {
        return decodeFails(json.getBytes(StandardCharsets.UTF_8), family);
    }

    private MessageDecodeException decodeFails(byte[] bytes, Class<? extends Message> family) {
        MessageDecodeException e = catchThrowableOfType(MessageDecodeException.class, () -> codec.decode(bytes, family));
        assertThat(e).as("decoding should have failed").isNotNull();
        return e;
    }

    private ObjectNode tree(Message message) throws Exception {
        return (ObjectNode) plain.readTree(codec.encode(message));
    }

    private byte[] bytes(JsonNode tree) throws Exception {
        return plain.writeValueAsBytes(tree);
    }
}
