package dev.trialstream.core.prep;

import dev.trialstream.core.data.ColumnKind;
import dev.trialstream.core.data.DataException;
import dev.trialstream.core.data.NumericColumn;
import dev.trialstream.core.data.Table;
import java.util.List;

/**
 * A numeric column: a missing value becomes {@code imputeValue}, then {@code (x - mean) / std}.
 *
 * @param imputeValue median of the training rows' values
 * @param mean        mean of the training rows after imputation
 * @param std         their population standard deviation, 1 when that is 0
 */
public record NumericFeature(String name, double imputeValue, double mean, double std) implements FeatureColumn {

    public NumericFeature {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("feature name must be set, found \"" + name + "\"");
        }
        if (!Double.isFinite(imputeValue) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("feature \"" + name + "\": imputeValue and mean must be finite, found "
                    + imputeValue + " and " + mean);
        }
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("feature \"" + name + "\": std must be > 0, found " + std);
        }
    }

    @Override
    public ColumnKind columnKind() {
        return ColumnKind.NUMERIC;
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public List<String> featureNames() {
        return List.of(name);
    }

    @Override
    public void encode(Table table, int[] rows, Matrix out, int firstColumn) {
        if (!(table.column(name) instanceof NumericColumn column)) {
            throw new DataException("column \"" + name + "\" of " + table.source()
                    + " was read as categories, but the model reads it as numbers");
        }
        for (int i = 0; i < rows.length; i++) {
            double value = column.get(rows[i]);
            out.set(i, firstColumn, (float) (((Double.isNaN(value) ? imputeValue : value) - mean) / std));
        }
    }
}
