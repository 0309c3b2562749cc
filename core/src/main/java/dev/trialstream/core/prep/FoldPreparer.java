package dev.trialstream.core.prep;

import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.training.FoldData;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds trainer input from a dataset: per fold, preprocessing fitted on that fold's training
 * rows only and applied to both its parts; for the final fit, fitted on all training rows and
 * applied to the test rows.
 */
public final class FoldPreparer {

    private final Preprocessor preprocessor;

    public FoldPreparer(PrepOptions options) {
        this.preprocessor = new Preprocessor(options);
    }

    public List<FoldData> prepare(Dataset dataset, FoldPlan plan) {
        return prepare(dataset.train(), dataset.target(), plan);
    }

    /** One {@link FoldData} per fold of {@code plan}, which must cover exactly the table's rows. */
    public List<FoldData> prepare(Table table, String target, FoldPlan plan) {
        if (plan.rows() != table.rows()) {
            throw new IllegalArgumentException("the fold plan covers " + plan.rows() + " rows but "
                    + table.source() + " has " + table.rows());
        }
        List<FoldData> folds = new ArrayList<>(plan.k());
        for (Fold fold : plan.folds()) {
            int[] train = fold.train();
            int[] valid = fold.valid();
            FittedPreprocessing fitted = preprocessor.fit(table, target, train);
            folds.add(new FoldData(fitted.features(table, train), fitted.target(table, train),
                    fitted.features(table, valid), fitted.target(table, valid), fitted.targetScale()));
        }
        return folds;
    }

    /** Preprocessing fitted on every training row; the data's validation part is the test table. */
    public PreparedFinal prepareFinal(Dataset dataset) {
        Table train = dataset.train();
        Table test = dataset.test();
        FittedPreprocessing fitted = preprocessor.fit(train, dataset.target(), train.allRows());
        FoldData data = new FoldData(fitted.features(train), fitted.target(train),
                fitted.features(test), fitted.target(test), fitted.targetScale());
        return new PreparedFinal(fitted, data);
    }
}
