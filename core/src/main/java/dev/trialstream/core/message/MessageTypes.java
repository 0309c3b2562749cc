package dev.trialstream.core.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The closed set of wire type names, read once from {@link Message}'s subtype list. */
final class MessageTypes {

    private final Map<String, Class<? extends Message>> byName;

    MessageTypes() {
        Map<String, Class<? extends Message>> names = new LinkedHashMap<>();
        for (JsonSubTypes.Type type : Message.class.getAnnotation(JsonSubTypes.class).value()) {
            names.put(type.name(), type.value().asSubclass(Message.class));
        }
        byName = Collections.unmodifiableMap(names);
    }

    Optional<Class<? extends Message>> forName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The type names a family accepts, sorted, for error messages. */
    String namesIn(Class<?> family) {
        return byName.entrySet().stream()
                .filter(e -> family.isAssignableFrom(e.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new))
                .toString();
    }

    Map<String, Class<? extends Message>> all() {
        return byName;
    }
}
