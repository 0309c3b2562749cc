package dev.trialstream.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TokenStreamFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Line and column of every key and list item of a YAML text, by the path problems use
 * ({@code space.activation.choice[2]}). A tree node does not know where it came from, so the
 * text is scanned once more for this.
 */
final class LocationIndex implements Problems.Locator {

    private static final int[] UNKNOWN = {0, 0};

    private final Map<String, int[]> locations = new HashMap<>();

    private LocationIndex() {
    }

    /** An index that knows nothing: problems without positions. */
    static Problems.Locator none() {
        return path -> UNKNOWN;
    }

    /** The index of a text that has already parsed; any surprise leaves it partial, never fails. */
    static LocationIndex of(TokenStreamFactory factory, String text) {
        LocationIndex index = new LocationIndex();
        try (JsonParser parser = factory.createParser(text)) {
            if (parser.nextToken() != null) {
                index.walk(parser, "");
            }
        } catch (IOException | RuntimeException e) {
            // Positions are a convenience; the problems themselves come from the tree.
        }
        return index;
    }

    private void walk(JsonParser parser, String path) throws IOException {
        remember(path, parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String child = Fields.child(path, parser.currentName());
                remember(child, parser.currentTokenLocation());
                parser.nextToken();
                walk(parser, child);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int i = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                walk(parser, path + "[" + i++ + "]");
            }
        }
    }

    private void remember(String path, JsonLocation location) {
        if (!path.isEmpty() && location.getLineNr() > 0) {
            locations.putIfAbsent(path, new int[] {location.getLineNr(), location.getColumnNr()});
        }
    }

    /** The position of the path, or of its nearest ancestor that has one (a missing key's parent). */
    @Override
    public int[] locate(String path) {
        String at = path;
        while (!at.isEmpty()) {
            int[] location = locations.get(at);
            if (location != null) {
                return location;
            }
            int cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
            at = cut < 0 ? "" : at.substring(0, cut);
        }
        return UNKNOWN;
    }
}
