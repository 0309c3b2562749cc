package dev.trialstream.core.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Messages to and from JSON bytes. The type comes from the {@code type} field and must be one of
 * {@link Message}'s listed subtypes; Jackson's default typing is never enabled.
 *
 * <p>Compatibility: unknown fields are ignored, so an older reader accepts a newer writer's
 * additions. Every field of the current version must be present (null where a field allows it), so
 * a message missing a field fails here instead of training on a default. A change that adds or
 * changes fields raises {@link Message#CURRENT_SCHEMA_VERSION}; a reader refuses versions it does
 * not know, naming them, and reads the older ones it still knows (from {@link
 * Message#OLDEST_READABLE_SCHEMA_VERSION}) with the fields added since set to null.
 *
 * <p>Thread-safe; build one per application and share it.
 */
public final class MessageCodec {

    /** Beyond this, error messages show only the start of undecodable bytes. */
    private static final int PREVIEW_CHARS = 80;

    private final MessageTypes types = new MessageTypes();
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final ObjectMapper mapper;

    public MessageCodec() {
        mapper = JsonMapper.builder()
                // Forward compatibility: a newer writer may add fields.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // A missing field is an error, not a silent 0 (seed 0, index 0 are valid values).
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        // "epochs": "12" is a writer's bug; refuse it rather than guess. ("NaN" stays accepted.)
        for (LogicalType numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(numeric).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        writer = mapper.writerFor(Message.class);
        reader = mapper.readerFor(Message.class);
    }

    /** The message as UTF-8 JSON: {@code {"type":"...","schemaVersion":1,...}}. */
    public byte[] encode(Message message) {
        if (message == null) {
            throw new IllegalArgumentException("message must be set");
        }
        try {
            return writer.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            // Records of plain values always serialize; this would be a bug in a record.
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** {@link #encode} as a string, for logs and tests. */
    public String encodeToString(Message message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }

    /**
     * Reads one message that must belong to {@code family} (a topic's interface such as
     * {@link TrialMessage}, or a concrete record).
     *
     * @throws MessageDecodeException naming the type, version or field at fault
     */
    public <T extends Message> T decode(byte[] bytes, Class<T> family) {
        if (bytes == null) {
            throw new MessageDecodeException(
                    "cannot decode a null value (a tombstone?) as " + family.getSimpleName(), null, null, null);
        }
        JsonNode tree = parse(bytes);
        String type = typeOf(tree, family);
        Class<? extends Message> target = types.forName(type).orElseThrow(() -> new MessageDecodeException(
                "unknown message type '" + type + "'; " + family.getSimpleName() + " accepts "
                        + types.namesIn(family), type, "type", null));
        if (!family.isAssignableFrom(target)) {
            throw new MessageDecodeException("message type '" + type + "' does not belong to " + family.getSimpleName()
                    + "; " + family.getSimpleName() + " accepts " + types.namesIn(family), type, "type", null);
        }
        upgrade((com.fasterxml.jackson.databind.node.ObjectNode) tree, type, checkVersion(tree, type));
        try {
            return family.cast(reader.readValue(tree));
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new MessageDecodeException(type + ": " + (field == null ? "" : "field '" + field + "': ")
                    + reason(e), type, field, e);
        } catch (IOException e) {
            throw new MessageDecodeException(type + ": " + e.getMessage(), type, null, e);
        }
    }

    /**
     * What a record that may not decode says it is, read leniently: its wire type and, when it has
     * them, its search and trial ids (empty when it is not a JSON object with a type). For a record
     * given up on, so that the trial it asked for can still be ended.
     */
    public Optional<Identity> identify(byte[] bytes) {
        JsonNode tree;
        try {
            tree = bytes == null ? null : mapper.readTree(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (tree == null || !tree.isObject() || !tree.path("type").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new Identity(tree.path("type").asText(), text(tree, "searchId"), text(tree, "trialId")));
    }

    private static String text(JsonNode tree, String field) {
        return tree.path(field).isTextual() ? tree.path(field).asText() : null;
    }

    /** A record's wire type, search id and trial id (each id null when absent). */
    public record Identity(String type, String searchId, String trialId) {
    }

    /** Every wire type name with its record class. */
    public Map<String, Class<? extends Message>> types() {
        return types.all();
    }

    private JsonNode parse(byte[] bytes) {
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String location = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new MessageDecodeException("not JSON" + location + ": " + e.getOriginalMessage()
                    + "; bytes start with " + preview(bytes), null, null, e);
        } catch (IOException e) {
            throw new MessageDecodeException("not JSON: " + e.getMessage(), null, null, e);
        }
        if (tree == null || !tree.isObject()) {
            String kind = tree == null ? "nothing" : tree.getNodeType().toString();
            throw new MessageDecodeException("expected a JSON object, found " + kind + "; bytes start with "
                    + preview(bytes), null, null, null);
        }
        return tree;
    }

    private String typeOf(JsonNode tree, Class<?> family) {
        JsonNode type = tree.get("type");
        if (type == null || type.isNull()) {
            throw new MessageDecodeException("missing field 'type'; " + family.getSimpleName() + " accepts "
                    + types.namesIn(family), null, "type", null);
        }
        if (!type.isTextual()) {
            throw new MessageDecodeException("field 'type' must be a string, found " + type, null, "type", null);
        }
        return type.textValue();
    }

    /**
     * Fields added since {@code version}, per type: absent in an older message, null here (each
     * such field allows null) or the value that means what the older message meant. Version 4
     * added {@code TrialCompleted.outOfFoldFile}, 5 {@code SearchCancelled.finalFit} (false: no model);
     * {@code LeaderboardSnapshot.epochsRedone} (0), {@code running} (none) and {@code firstEpochMillis} (0),
     * and {@code SearchCancelled.abandonFinalFit} (false: a plain cancel) came within version 5.
     */
    private static void upgrade(com.fasterxml.jackson.databind.node.ObjectNode tree, String type, long version) {
        if (version < 4 && type.equals("TrialCompleted") && !tree.has("outOfFoldFile")) {
            tree.putNull("outOfFoldFile");
        }
        if (version < 5 && type.equals("SearchCancelled") && !tree.has("finalFit")) {
            tree.put("finalFit", false);
        }
        // Added within version 5 (readers ignore a field they do not know, so no new version):
        // aggregators before it did not count the epochs redone.
        if (type.equals("LeaderboardSnapshot") && !tree.has("epochsRedone")) {
            tree.put("epochsRedone", 0);
        }
        // Added within version 5 too: aggregators before 2026-12-08 did not say which trials run where.
        if (type.equals("LeaderboardSnapshot") && !tree.has("running")) {
            tree.putArray("running");
        }
        if (type.equals("LeaderboardSnapshot") && !tree.has("firstEpochMillis")) {
            tree.put("firstEpochMillis", 0);
        }
        // Cancels before it could not abandon a final fit.
        if (type.equals("SearchCancelled") && !tree.has("abandonFinalFit")) {
            tree.put("abandonFinalFit", false);
        }
    }

    /** @return the message's version, one this codec reads */
    private static long checkVersion(JsonNode tree, String type) {
        JsonNode version = tree.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw new MessageDecodeException(type + ": missing field 'schemaVersion'", type, "schemaVersion", null);
        }
        if (!version.canConvertToExactIntegral() || !version.isNumber()) {
            throw new MessageDecodeException(type + ": field 'schemaVersion' must be an integer, found " + version,
                    type, "schemaVersion", null);
        }
        long found = version.asLong();
        if (found < Message.OLDEST_READABLE_SCHEMA_VERSION || found > Message.CURRENT_SCHEMA_VERSION) {
            String writer = found < Message.CURRENT_SCHEMA_VERSION ? "an older" : "a newer";
            throw new MessageDecodeException(type + ": written by " + writer + " trialstream (schemaVersion " + found
                    + "); this one reads " + Message.OLDEST_READABLE_SCHEMA_VERSION + " to "
                    + Message.CURRENT_SCHEMA_VERSION, type, "schemaVersion", null);
        }
        return found;
    }

    /** {@code params.dropout}, {@code foldMse[2]}; null when the fault is the whole record. */
    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? null : path.startsWith(".") ? path.substring(1) : path;
    }

    /** The validation message itself for a constructor failure, else Jackson's own words. */
    private static String reason(JsonMappingException e) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException cause) {
            return cause.getMessage();
        }
        return e.getOriginalMessage();
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder("\"");
        text.codePoints().limit(PREVIEW_CHARS).forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                shown.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20) {
                shown.append(String.format("\\x%02x", cp));
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.append(text.codePointCount(0, text.length()) > PREVIEW_CHARS ? "…\"" : "\"")
                .append(" (").append(bytes.length).append(" bytes)").toString();
    }
}
