package dev.trialstream.core.prep;

import dev.trialstream.core.data.CategoricalColumn;
import dev.trialstream.core.data.ColumnKind;
import dev.trialstream.core.data.DataException;
import dev.trialstream.core.data.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A categorical column, one-hot encoded. A missing value becomes {@code imputeValue}; a category
 * outside the vocabulary (unseen in the training rows) encodes as all zeros.
 *
 * <p>{@code padding} holds categories the fitted rows never showed but other rows of the same
 * table did (a fold's validation rows). They get a column that is always zero, so every fold of a
 * table has the same width; no value from those rows reaches the encoding.
 *
 * @param vocabulary  categories of the training rows, sorted
 * @param padding     always-zero categories, sorted, disjoint from the vocabulary
 * @param imputeValue the most frequent training category (ties: the first in order), or null when
 *                    the training rows have no value at all
 */
public record CategoricalFeature(String name, List<String> vocabulary, List<String> padding, String imputeValue)
        implements FeatureColumn {

    public CategoricalFeature {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("feature name must be set, found \"" + name + "\"");
        }
        vocabulary = List.copyOf(vocabulary);
        padding = padding == null ? List.of() : List.copyOf(padding);
        requireSortedDistinct(name, "vocabulary", vocabulary);
        requireSortedDistinct(name, "padding", padding);
        for (String category : padding) {
            if (vocabulary.contains(category)) {
                throw new IllegalArgumentException(
                        "feature \"" + name + "\": \"" + category + "\" is in both vocabulary and padding");
            }
        }
        if (imputeValue != null && !vocabulary.contains(imputeValue)) {
            throw new IllegalArgumentException("feature \"" + name + "\": imputeValue \"" + imputeValue
                    + "\" is not in the vocabulary " + vocabulary);
        }
    }

    private static void requireSortedDistinct(String name, String field, List<String> categories) {
        for (int i = 0; i < categories.size(); i++) {
            String category = categories.get(i);
            if (category == null || category.isBlank()) {
                throw new IllegalArgumentException(
                        "feature \"" + name + "\": " + field + " holds a blank category at " + i);
            }
            if (i > 0 && categories.get(i - 1).compareTo(category) >= 0) {
                throw new IllegalArgumentException("feature \"" + name + "\": " + field
                        + " must be sorted and distinct, found \"" + categories.get(i - 1) + "\" before \""
                        + category + "\"");
            }
        }
    }

    /** The one-hot columns in order: vocabulary and padding merged, sorted. */
    public List<String> categories() {
        TreeSet<String> all = new TreeSet<>(vocabulary);
        all.addAll(padding);
        return List.copyOf(all);
    }

    @Override
    public ColumnKind columnKind() {
        return ColumnKind.CATEGORICAL;
    }

    @Override
    public int width() {
        return vocabulary.size() + padding.size();
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(width());
        for (String category : categories()) {
            names.add(name + "=" + category);
        }
        return names;
    }

    /**
     * Values of the table's column outside the vocabulary, each with its row count, in first-seen
     * order. A missing value is imputed, not unknown.
     */
    public Map<String, Integer> unknownIn(Table table) {
        Set<String> known = new HashSet<>(vocabulary);
        Map<String, Integer> unknown = new java.util.LinkedHashMap<>();
        if (table.column(name) instanceof CategoricalColumn column) {
            for (int row = 0; row < column.size(); row++) {
                String value = column.get(row);
                if (value != null && !known.contains(value)) {
                    unknown.merge(value, 1, Integer::sum);
                }
            }
        }
        return unknown;
    }

    @Override
    public void encode(Table table, int[] rows, Matrix out, int firstColumn) {
        if (!(table.column(name) instanceof CategoricalColumn column)) {
            throw new DataException("column \"" + name + "\" of " + table.source()
                    + " was read as numbers, but the model treats it as categorical;"
                    + " read the file with the model's column kinds");
        }
        List<String> categories = categories();
        Set<String> known = new HashSet<>(vocabulary);
        Map<String, Integer> offsets = new HashMap<>();
        for (int j = 0; j < categories.size(); j++) {
            if (known.contains(categories.get(j))) {
                offsets.put(categories.get(j), j);
            }
        }
        for (int i = 0; i < rows.length; i++) {
            String value = column.get(rows[i]);
            Integer offset = offsets.get(value == null ? imputeValue : value);
            for (int j = 0; j < categories.size(); j++) {
                out.set(i, firstColumn + j, 0f);
            }
            if (offset != null) {
                out.set(i, firstColumn + offset, 1f);
            }
        }
    }
}
