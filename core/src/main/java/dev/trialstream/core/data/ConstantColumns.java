package dev.trialstream.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Feature columns that hold one value in every training row (missing cells aside): a constant
 * number, or a categorical column of one level. No network can learn from them; they are kept
 * (they cost little), and said, as they usually mean a wrong file, a filter applied before the
 * export, or a column meant to be left out.
 */
public final class ConstantColumns {

    private ConstantColumns() {
    }

    /** The feature columns of {@code train} (all but {@code target}) that hold one value, in file order. */
    public static List<String> of(Table train, String target) {
        List<String> constant = new ArrayList<>();
        for (Column column : train.columns()) {
            if (!column.name().equals(target) && oneValue(column).isPresent()) {
                constant.add(column.name());
            }
        }
        return List.copyOf(constant);
    }

    /** A note naming them, for {@code validate}, {@code local} and {@code submit}; empty when there are none. */
    public static Optional<String> note(Table train, String target) {
        List<String> constant = of(train, target);
        if (constant.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder named = new StringBuilder();
        for (String name : constant) {
            named.append(named.isEmpty() ? "" : ", ").append('"').append(name).append("\" (")
                    .append(oneValue(train.column(name)).orElseThrow()).append(')');
        }
        boolean one = constant.size() == 1;
        return Optional.of(String.format(Locale.ROOT, "%s: %s %s %s one value in every training row (missing cells"
                        + " aside), so no trial can learn from %s; %s kept: check the file, or leave %s out of it",
                train.source(), one ? "column" : constant.size() + " columns", named, one ? "holds" : "each hold",
                one ? "it" : "them", one ? "it is" : "they are", one ? "it" : "them"));
    }

    /** The one value a column holds, when it holds exactly one (and at least one row has it). */
    private static Optional<String> oneValue(Column column) {
        String seen = null;
        for (int row = 0; row < column.size(); row++) {
            if (column.isMissing(row)) {
                continue;
            }
            String value = column instanceof NumericColumn numeric ? Double.toString(numeric.get(row))
                    : ((CategoricalColumn) column).get(row);
            if (seen == null) {
                seen = value;
            } else if (!seen.equals(value)) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(seen);
    }
}
