package dev.trialstream.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.params.LrSchedule;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every spec shipped in examples/ (at the repository root) must be valid. */
class ExamplesTest {

    // Surefire runs in the module directory, so the repository root is one level up.
    private static final Path EXAMPLES = Path.of("..", "examples");

    private final SpecReader reader = new SpecReader();

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void examples_allShipped() throws IOException {
        assertThat(examples()).extracting(f -> f.getFileName().toString()).contains(
                "boston-default.yaml", "boston-random.yaml", "boston-grid.yaml", "california-random.yaml", "custom-csv.yaml");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void example_validatesAndRoundTrips(Path file) {
        SearchSpec spec = reader.read(file);

        assertThat(spec.name()).isEqualTo(file.getFileName().toString().replace(".yaml", ""));
        assertThat(reader.read("json", new SpecWriter().toJson(spec), null)).isEqualTo(spec);
    }

    @Test
    void example_bostonDefaultIsTheDefaultSearch() {
        SearchSpec example = reader.read(EXAMPLES.resolve("boston-default.yaml"));

        assertThat(example).isEqualTo(SearchSpec.defaultFor("boston"));
    }

    @Test
    void example_bostonRandomIsTheDefaultSearchDrawnAtRandomWithoutPruning_atThePeersConstantRate() {
        SearchSpec example = reader.read(EXAMPLES.resolve("boston-random.yaml"));
        SearchSpec random = SpecOverrides.none().withStrategy("random").withTrials(20).withPruning("none")
                .withFinalModels(1).applyTo(SearchSpec.defaultFor("boston"));

        assertThat(example).usingRecursiveComparison().ignoringFields("name", "space.domains.LR_SCHEDULE")
                .isEqualTo(random);
        assertThat(example.space().domain(ParamName.LR_SCHEDULE)).isEqualTo(new Domain.Fixed(LrSchedule.NONE));
        assertThat(random.space().domain(ParamName.LR_SCHEDULE)).isEqualTo(new Domain.Fixed(LrSchedule.COSINE));
    }

    @Test
    void example_customCsvPointsAtShippedFile() {
        SearchSpec spec = reader.read(EXAMPLES.resolve("custom-csv.yaml"));

        assertThat(Path.of(spec.data().file())).isAbsolute().exists()
                .isEqualTo(EXAMPLES.resolve("data/housing-sample.csv").toAbsolutePath().normalize());
        assertThat(spec.data().target()).isEqualTo("median_house_value");
    }

    @Test
    void example_bostonGridHasEightPoints() {
        SearchSpec spec = reader.read(EXAMPLES.resolve("boston-grid.yaml"));

        assertThat(spec.space().grid().size()).isEqualTo(8);
    }
}
