package dev.trialstream.core.space;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.ParamName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which values and which domains suit a parameter. The value rules are
 * {@link Hyperparameters}' own (one source of truth): a value is accepted when a configuration
 * holding it can be built.
 */
public final class ParamValues {

    private ParamValues() {
    }

    /**
     * The value converted to the parameter's type (Integer, Double or its enum) and checked
     * against the parameter's bounds.
     *
     * @throws IllegalArgumentException e.g. "activation must be one of [relu, ...], found \"foo\""
     */
    public static Object check(ParamName name, Object raw) {
        Object typed = name.coerce(raw);
        Hyperparameters.fromMap(Map.of(name.wireName(), typed));
        return typed;
    }

    /** The domain types a parameter of this kind may use, in the order messages list them. */
    public static List<String> domainTypes(ParamName.Kind kind) {
        return switch (kind) {
            case INT -> List.of("fixed", "choice", "intRange");
            case REAL -> List.of("fixed", "choice", "uniform", "logUniform");
            case CATEGORY -> List.of("fixed", "choice");
        };
    }

    /** Whether a domain type (as {@link Domain#type()} names it) suits the parameter. */
    public static boolean admits(ParamName name, String domainType) {
        return domainTypes(name.kind()).contains(domainType);
    }

    /** Why a domain type does not suit a parameter: "hiddenLayers takes integers: use fixed, choice or intRange". */
    public static String kindMismatch(ParamName name) {
        String what = switch (name.kind()) {
            case INT -> " takes integers";
            case REAL -> " takes real numbers";
            case CATEGORY -> " is categorical";
        };
        List<String> types = domainTypes(name.kind());
        String list = String.join(", ", types.subList(0, types.size() - 1)) + " or " + types.get(types.size() - 1);
        return name.wireName() + what + ": use " + list;
    }

    /**
     * The domain with its values converted to the parameter's type, so that {@code 64} and
     * {@code 64.0} or {@code "ReLU"} and {@code relu} make equal spaces.
     *
     * @throws IllegalArgumentException naming the parameter, when the domain or a value does not suit it
     */
    public static Domain conform(ParamName name, Domain domain) {
        if (!admits(name, domain.type())) {
            throw new IllegalArgumentException(kindMismatch(name) + ", found " + domain.type());
        }
        if (domain instanceof Domain.Fixed fixed) {
            return new Domain.Fixed(check(name, fixed.value()));
        }
        if (domain instanceof Domain.Choice choice) {
            List<Object> values = new ArrayList<>(choice.values().size());
            for (Object value : choice.values()) {
                values.add(check(name, value));
            }
            return new Domain.Choice(values);
        }
        if (domain instanceof Domain.IntRange range) {
            check(name, range.min());
            check(name, range.last());
            return range;
        }
        if (domain instanceof Domain.Uniform uniform) {
            check(name, uniform.min());
            check(name, uniform.max());
            return uniform;
        }
        Domain.LogUniform logUniform = (Domain.LogUniform) domain;
        check(name, logUniform.min());
        check(name, logUniform.max());
        return logUniform;
    }
}
