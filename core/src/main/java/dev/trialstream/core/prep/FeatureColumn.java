package dev.trialstream.core.prep;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.trialstream.core.data.ColumnKind;
import dev.trialstream.core.data.Table;
import java.util.List;

/**
 * The fitted encoding of one raw feature column into one or more model inputs. Serialized with an
 * explicit {@code type} and a closed set of subtypes, never Jackson's default typing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NumericFeature.class, name = "numeric"),
        @JsonSubTypes.Type(value = CategoricalFeature.class, name = "categorical")
})
public sealed interface FeatureColumn permits NumericFeature, CategoricalFeature {

    /** The raw column's name. */
    String name();

    /** The raw column's kind, which a table to encode must match. */
    ColumnKind columnKind();

    /** Number of model inputs this column becomes. */
    int width();

    /** One name per model input, e.g. {@code rm} or {@code ocean_proximity=NEAR BAY}. */
    List<String> featureNames();

    /**
     * Writes the encoding of {@code rows} of {@code table} into columns
     * {@code [firstColumn, firstColumn + width())} of {@code out}, one output row per entry of {@code rows}.
     */
    void encode(Table table, int[] rows, Matrix out, int firstColumn);
}
