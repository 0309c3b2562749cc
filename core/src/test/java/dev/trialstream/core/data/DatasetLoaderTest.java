package dev.trialstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

    @TempDir
    Path dir;

    private static String csv(int rows) {
        StringBuilder csv = new StringBuilder("x,kind,y\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(i % 2 == 0 ? "even" : "odd").append(',').append(10 * i).append('\n');
        }
        return csv.toString();
    }

    private static DataSpec fileSpec(String file, String testFile, double fraction, long seed) {
        return new DataSpec(null, file, "y", testFile, fraction, seed, List.of());
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldSplitFileByFractionDeterministically() throws IOException {
        write("data.csv", csv(50));
        DatasetLoader loader = new DatasetLoader(dir);

        Dataset first = loader.load(fileSpec("data.csv", null, 0.2, 7));
        Dataset again = loader.load(fileSpec("data.csv", null, 0.2, 7));
        Dataset otherSeed = loader.load(fileSpec("data.csv", null, 0.2, 8));

        assertThat(first.train().rows()).isEqualTo(40);
        assertThat(first.test().rows()).isEqualTo(10);
        double[] testX = first.test().numeric("x").values();
        assertThat(again.test().numeric("x").values()).containsExactly(testX);
        assertThat(otherSeed.test().numeric("x").values()).isNotEqualTo(testX);
        Set<Double> all = new HashSet<>();
        Arrays.stream(first.train().numeric("x").values()).forEach(all::add);
        Arrays.stream(testX).forEach(all::add);
        assertThat(all).hasSize(50);
        // Rows keep their physical line numbers through the split: x = i sits on line i + 2.
        assertThat(first.test().line(0)).isEqualTo((int) testX[0] + 2);
        assertThat(first.name()).isEqualTo("data.csv");
        assertThat(first.target()).isEqualTo("y");
        assertThat(first.source()).isEqualTo(
                "data.csv, 50 rows, random split 40 train / 10 test (fraction 0.2, seed 7)");
    }

    @Test
    void shouldKeepEveryRowForTrainingWhenFractionIsZero() throws IOException {
        write("data.csv", csv(5));

        Dataset dataset = new DatasetLoader(dir).load(fileSpec("data.csv", null, 0, 1));

        assertThat(dataset.train().rows()).isEqualTo(5);
        assertThat(dataset.test().rows()).isZero();
        assertThat(dataset.test().kinds()).isEqualTo(dataset.train().kinds());
    }

    @Test
    void shouldReadTestFileWithTrainingKinds() throws IOException {
        write("train.csv", csv(6));
        // Alone, "kind" here would look numeric; the training file makes it categorical.
        write("test.csv", "kind,x,y\n1,100,5\n2,101,6\n");

        Dataset dataset = new DatasetLoader(dir).load(fileSpec("train.csv", "test.csv", 0.2, 1));

        assertThat(dataset.train().rows()).isEqualTo(6);
        assertThat(dataset.test().rows()).isEqualTo(2);
        assertThat(dataset.test().categorical("kind").get(0)).isEqualTo("1");
        assertThat(dataset.source()).isEqualTo("train.csv (6 rows) + test file test.csv (2 rows)");
    }

    @Test
    void shouldRejectTestFileWithOtherColumns() throws IOException {
        write("train.csv", csv(6));
        write("missing.csv", "x,y\n1,2\n");
        write("extra.csv", "x,kind,y,z\n1,a,2,3\n");
        DatasetLoader loader = new DatasetLoader(dir);

        assertThatThrownBy(() -> loader.load(fileSpec("train.csv", "missing.csv", 0, 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("categorical column \"kind\" not found in missing.csv: the training file train.csv has it; columns: x, y");
        assertThatThrownBy(() -> loader.load(fileSpec("train.csv", "extra.csv", 0, 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("test file extra.csv has columns that train.csv does not: z");
    }

    @Test
    void shouldRejectMissingFileNamingIt() {
        assertThatThrownBy(() -> new DatasetLoader(dir).load(fileSpec("nope.csv", null, 0.2, 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("file nope.csv not found (looked at " + dir.resolve("nope.csv").toAbsolutePath() + ")");
    }

    @Test
    void shouldRejectMissingTargetListingColumns() throws IOException {
        write("boston.csv", "crim,zn,medv\n1,2,3\n");

        assertThatThrownBy(() -> new DatasetLoader(dir).load(DataSpec.csv("boston.csv", "price")))
                .isInstanceOf(DataException.class)
                .hasMessage("target column \"price\" not found in boston.csv; columns: crim, zn, medv");
    }

    @Test
    void spec_categoricalTarget() {
        DataSpec spec = new DataSpec(null, "data.csv", "y", null, 0.2, 1, List.of("y"));

        assertThatThrownBy(() -> new DatasetLoader(dir).load(spec))
                .isInstanceOf(DataException.class)
                .hasMessage("target column \"y\" is listed as categorical but must be numeric");
    }

    @Test
    void spec_fileWithoutTarget() {
        assertThatThrownBy(() -> new DatasetLoader(dir).load(DataSpec.csv("data.csv", null)))
                .isInstanceOf(DataException.class)
                .hasMessage("a target column must be named for file data.csv");
    }

    @Test
    void shouldRejectFileWithOnlyTheTarget() throws IOException {
        write("y.csv", "y\n1\n2\n");

        assertThatThrownBy(() -> new DatasetLoader(dir).load(DataSpec.csv("y.csv", "y")))
                .isInstanceOf(DataException.class)
                .hasMessage("file y.csv has only the target column \"y\": there are no feature columns");
    }

    @Test
    void shouldRejectFractionThatLeavesNoTrainingRows() throws IOException {
        write("two.csv", "x,y\n1,2\n3,4\n");

        assertThatThrownBy(() -> new DatasetLoader(dir).load(fileSpec("two.csv", null, 0.9, 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("file two.csv has 2 rows: too few to hold out a test fraction of 0.9 and keep training rows");
    }

    @Test
    void idColumn_ofMoreCategoriesThanAOneHotEncodingAllows_isRefusedAtLoad_notByEveryTrial() throws IOException {
        StringBuilder csv = new StringBuilder("id,x,y\n");
        for (int i = 0; i < 1300; i++) {
            csv.append("u").append(1000 + i).append(',').append(i % 7).append(',').append(i % 5).append('\n');
        }
        write("ids.csv", csv.toString());

        assertThatThrownBy(() -> new DatasetLoader(dir).load(fileSpec("ids.csv", null, 0.2, 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("column \"id\" of ids.csv has 1040 distinct categories, more than 1000 a one-hot"
                        + " encoding allows; is it an id or free text? (first: \"u1000\")");
    }

    @Test
    void oneRow_isTooFewToHoldOutATestSplit_saidInTheSingular() throws IOException {
        write("one.csv", "x,y\n1,2\n");

        assertThatThrownBy(() -> new DatasetLoader(dir).load(fileSpec("one.csv", null, 0.2, 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("file one.csv has 1 row: too few to hold out a test fraction of 0.2 and keep training rows");
    }

    @Test
    void shouldParseFromBytesLikeFromDisk() throws IOException {
        write("data.csv", csv(20));
        DatasetLoader loader = new DatasetLoader(dir);
        DatasetSource source = loader.resolve(fileSpec("data.csv", null, 0.25, 3));

        Dataset fromBytes = loader.parse(new DatasetSource("data.csv", "y", List.of(),
                new DataFile("data.csv", csv(20).getBytes(StandardCharsets.UTF_8)), null, 0.25, 3));

        assertThat(source.train().bytes()).isEqualTo(Files.readAllBytes(dir.resolve("data.csv")));
        assertThat(fromBytes.test().numeric("x").values()).containsExactly(
                loader.load(fileSpec("data.csv", null, 0.25, 3)).test().numeric("x").values());
        assertThat(fromBytes.fingerprint()).isEqualTo(source.fingerprint());
    }

    @Test
    void fingerprint_dependsOnEveryInputByte() {
        DataFile train = DataFile.ofText("a.csv", "x,y\n1,2\n");
        String one = new DatasetSource("a", "y", List.of(), train, null, 0.2, 1).fingerprint();

        assertThat(new DatasetSource("renamed", "y", List.of(), DataFile.ofText("b.csv", "x,y\n1,2\n"), null, 0, 9)
                .fingerprint()).isEqualTo(one);
        assertThat(new DatasetSource("a", "y", List.of(), DataFile.ofText("a.csv", "x,y\n1,3\n"), null, 0.2, 1)
                .fingerprint()).isNotEqualTo(one);
        assertThat(new DatasetSource("a", "y", List.of(), train, DataFile.ofText("t.csv", "x,y\n1,2\n"), 0.2, 1)
                .fingerprint()).isNotEqualTo(one).hasSize(64);
    }

    @Test
    void shouldLoadBostonKerasSplit() {
        DatasetLoader loader = new DatasetLoader();
        DatasetSource source = loader.resolve(DataSpec.builtin("boston"));
        Dataset boston = loader.parse(source);

        assertThat(boston.name()).isEqualTo("boston");
        assertThat(boston.target()).isEqualTo("medv");
        assertThat(boston.train().rows()).isEqualTo(404);
        assertThat(boston.test().rows()).isEqualTo(102);
        assertThat(boston.featureColumns()).isEqualTo(13);
        assertThat(boston.train().kinds().values()).containsOnly(ColumnKind.NUMERIC);
        assertThat(boston.train().source()).isEqualTo("boston_train.csv");
        assertThat(boston.test().source()).isEqualTo("boston_test.csv");
        // The same hashes PROVENANCE.md records for the shipped files.
        assertThat(source.train().sha256()).isEqualTo("4b3365d3eb3e99fcc567997512e7669603bf70636251aa406ae4347aa51a2a47");
        assertThat(source.test().sha256()).isEqualTo("11e9bb7595ca0ddf2dff0051350cd24d2a6d6a5d1d7d6412bd5ca59b766f2a48");
        assertThat(boston.fingerprint()).isEqualTo(source.fingerprint());
    }

    @Test
    void shouldLoadCaliforniaWithFixedSplit() {
        Dataset california = new DatasetLoader().load(DataSpec.builtin("california"));

        assertThat(california.target()).isEqualTo("median_house_value");
        assertThat(california.train().rows() + california.test().rows()).isEqualTo(20_640);
        assertThat(california.train().rows()).isEqualTo(16_512);
        assertThat(california.test().rows()).isEqualTo(4_128);
        assertThat(california.train().numeric("total_bedrooms").missingCount()
                + california.test().numeric("total_bedrooms").missingCount()).isEqualTo(207);
        assertThat(california.train().categorical("ocean_proximity").categories())
                .containsExactly("<1H OCEAN", "INLAND", "ISLAND", "NEAR BAY", "NEAR OCEAN");
        assertThat(california.source()).isEqualTo("built-in california: california_housing.csv, 20640 rows,"
                + " random split 16512 train / 4128 test (fraction 0.2, seed 42)");
    }

    @Test
    void builtin_ignoresSpecFractionAndSeed() {
        DatasetLoader loader = new DatasetLoader();
        Dataset byDefault = loader.load(DataSpec.builtin("california"));
        Dataset otherSplit = loader.load(new DataSpec("california", null, null, null, 0.5, 99, List.of()));

        assertThat(otherSplit.test().rows()).isEqualTo(4_128);
        assertThat(otherSplit.test().numeric("median_house_value").values())
                .containsExactly(byDefault.test().numeric("median_house_value").values());
    }

    @Test
    void builtin_unknownName() {
        assertThatThrownBy(() -> new DatasetLoader().load(DataSpec.builtin("bostn")))
                .isInstanceOf(DataException.class)
                .hasMessage("built-in dataset must be one of boston, california, found \"bostn\"");
    }

    @Test
    void builtin_withTestFile() {
        assertThatThrownBy(() -> new DatasetLoader().load(new DataSpec("boston", null, null, "t.csv", 0.2, 1, List.of())))
                .isInstanceOf(DataException.class)
                .hasMessage("built-in dataset boston has its own test split; testFile \"t.csv\" applies only to a dataset file");
    }

    @Test
    void builtin_otherTarget() {
        Dataset dataset = new DatasetLoader().load(new DataSpec("boston", null, "lstat", null, 0.2, 1, List.of()));

        assertThat(dataset.target()).isEqualTo("lstat");
        assertThat(dataset.train().rows()).isEqualTo(404);
    }

    private static String csvWithFolds(int rows) {
        StringBuilder csv = new StringBuilder("x,fold,y\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(i % 3 == 0 ? 7 : i % 3 == 1 ? -1 : 2).append(',').append(10 * i).append('\n');
        }
        return csv.toString();
    }

    @Test
    void shouldTakeFoldsFromTheFoldColumnAndDropItFromBothParts() throws IOException {
        write("data.csv", csvWithFolds(30));

        Dataset dataset = new DatasetLoader(dir).load(fileSpec("data.csv", null, 0.2, 7).withFoldColumn("fold"));

        assertThat(dataset.train().columnNames()).containsExactly("x", "y");
        assertThat(dataset.test().columnNames()).containsExactly("x", "y");
        assertThat(dataset.folds().column()).isEqualTo("fold");
        assertThat(dataset.folds().values()).containsExactly(-1, 2, 7);
        // Each training row keeps the fold its own line named: x = i was labelled by i % 3.
        double[] x = dataset.train().numeric("x").values();
        for (int row = 0; row < x.length; row++) {
            int i = (int) x[row];
            assertThat(dataset.folds().labels()[row]).as("row with x = %d", i).isEqualTo(i % 3 == 0 ? 7 : i % 3 == 1 ? -1 : 2);
        }
        assertThat(dataset.source()).endsWith(", CV folds from column fold");
    }

    @Test
    void shouldReadATestFileWithOrWithoutTheFoldColumn() throws IOException {
        write("train.csv", csvWithFolds(9));
        write("test-with.csv", "x,fold,y\n100,0,5\n");
        write("test-without.csv", "x,y\n100,5\n101,6\n");
        DatasetLoader loader = new DatasetLoader(dir);

        Dataset with = loader.load(fileSpec("train.csv", "test-with.csv", 0, 0).withFoldColumn("fold"));
        Dataset without = loader.load(fileSpec("train.csv", "test-without.csv", 0, 0).withFoldColumn("fold"));

        assertThat(with.test().columnNames()).containsExactly("x", "y");
        assertThat(without.test().columnNames()).containsExactly("x", "y");
        assertThat(without.test().rows()).isEqualTo(2);
        assertThat(without.folds().labels()).hasSize(9);
    }

    @Test
    void shouldNameFileLineAndValueOfAFoldThatIsNotAnInteger() throws IOException {
        write("data.csv", "x,fold,y\n1,0,1\n2,1,2\n3,1.5,3\n4,,4\n");
        DatasetLoader loader = new DatasetLoader(dir);

        assertThatThrownBy(() -> loader.load(fileSpec("data.csv", null, 0, 0).withFoldColumn("fold")))
                .isInstanceOf(DataException.class)
                .hasMessage("file data.csv, line 4, fold column \"fold\": a fold must be an integer, found 1.5");
        write("data.csv", "x,fold,y\n1,0,1\n2,,2\n");
        assertThatThrownBy(() -> loader.load(fileSpec("data.csv", null, 0, 0).withFoldColumn("fold")))
                .hasMessage("file data.csv, line 3, fold column \"fold\": a fold must be an integer, found a missing value");
        assertThatThrownBy(() -> loader.load(fileSpec("data.csv", null, 0, 0).withFoldColumn("group")))
                .hasMessage("file data.csv has no fold column \"group\"; its columns: x, fold, y");
        assertThatThrownBy(() -> fileSpec("data.csv", null, 0, 0).withFoldColumn("y"))
                .hasMessageContaining("foldColumn \"y\" is the target column");
    }

    @Test
    void constantTarget_isRejectedNamingItsValue() throws IOException {
        write("flat.csv", "x,y\n1,5\n2,5.0\n3,5\n4,5\n5,5\n");

        assertThatThrownBy(() -> new DatasetLoader(dir).load(fileSpec("flat.csv", null, 0.2, 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("file flat.csv: the target column \"y\" holds the same value (5) in every row: there is"
                        + " nothing to learn; choose a target column whose values vary");
    }

    @Test
    void emptyColumn_isRejectedNamingIt() throws IOException {
        write("blank.csv", "x,notes,y\n1,,2\n2,NA,3\n3,,4\n4,,5\n5,,6\n");

        assertThatThrownBy(() -> new DatasetLoader(dir).load(fileSpec("blank.csv", null, 0.2, 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("file blank.csv: column \"notes\" is empty in every row; remove it from the file");
    }

    @Test
    void semicolonSeparatedFile_loadsLikeItsCommaTwin() throws IOException {
        write("semi.csv", csv(20).replace(',', ';'));
        write("comma.csv", csv(20));
        DatasetLoader loader = new DatasetLoader(dir);

        Dataset semi = loader.load(fileSpec("semi.csv", null, 0.2, 3));
        Dataset comma = loader.load(fileSpec("comma.csv", null, 0.2, 3));

        assertThat(semi.train().columnNames()).containsExactly("x", "kind", "y");
        assertThat(semi.train().numeric("y").values()).containsExactly(comma.train().numeric("y").values());
    }
}
