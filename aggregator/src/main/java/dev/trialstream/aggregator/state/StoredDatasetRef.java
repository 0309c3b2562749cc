package dev.trialstream.aggregator.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.trialstream.core.data.DatasetLayout;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.FileRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a search entry's dataset as this aggregator writes it ({@code layout} + files) or as
 * aggregators before message schema 2 wrote it (the layout's fields beside the files), so that a
 * store written by one of those still restores.
 */
final class StoredDatasetRef extends StdDeserializer<DatasetRef> {

    StoredDatasetRef() {
        super(DatasetRef.class);
    }

    @Override
    public DatasetRef deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        ObjectMapper mapper = (ObjectMapper) parser.getCodec();
        JsonNode node = mapper.readTree(parser);
        if (node.has("layout")) {
            return mapper.treeToValue(node, DatasetRef.class);
        }
        List<String> categorical = new ArrayList<>();
        node.path("categorical").forEach(c -> categorical.add(c.asText()));
        JsonNode foldColumn = node.path("foldColumn");
        DatasetLayout layout = new DatasetLayout(node.path("name").asText(), node.path("target").asText(), categorical,
                node.path("testFraction").asDouble(), node.path("testSeed").asLong(),
                foldColumn.isTextual() ? foldColumn.asText() : null);
        JsonNode test = node.path("test");
        return new DatasetRef(layout, mapper.treeToValue(node.get("train"), FileRef.class),
                test.isObject() ? mapper.treeToValue(test, FileRef.class) : null);
    }
}
