package dev.trialstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantColumnsTest {

    private static Table table(String csv) {
        return new CsvTableReader().read("d.csv", csv.getBytes(StandardCharsets.UTF_8), ColumnRules.of("y", List.of()));
    }

    @Test
    void aConstantNumberAndAOneLevelCategory_areNamed_missingCellsAside_andNotTheTarget() {
        Table train = table("a,flat,level,b,y\n1,5,red,x,3\n2,5,red,y,3\n3,,NA,x,3\n4,5,red,x,3\n");

        assertThat(ConstantColumns.of(train, "y")).containsExactly("flat", "level");
        assertThat(ConstantColumns.note(train, "y")).contains("d.csv: 2 columns \"flat\" (5.0), \"level\" (red) each"
                + " hold one value in every training row (missing cells aside), so no trial can learn from them; they"
                + " are kept: check the file, or leave them out of it");
    }

    @Test
    void oneConstantColumn_isSaidInTheSingular_andNoneSaysNothing() {
        assertThat(ConstantColumns.note(table("a,flat,y\n1,0,3\n2,0,4\n"), "y")).contains("d.csv: column \"flat\""
                + " (0.0) holds one value in every training row (missing cells aside), so no trial can learn from it;"
                + " it is kept: check the file, or leave it out of it");
        assertThat(ConstantColumns.note(table("a,b,y\n1,0,3\n2,1,4\n"), "y")).isEmpty();
    }
}
