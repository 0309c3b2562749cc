package dev.trialstream.core.space;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.ParamName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A domain for every parameter, in {@link ParamName} order. A parameter the spec leaves out is
 * {@link Domain.Fixed} at its {@link Hyperparameters#DEFAULTS} value, so a space is always
 * complete and two spaces are equal exactly when they search the same configurations.
 * Values are converted to each parameter's type on the way in ({@code 64.0} becomes {@code 64}).
 */
public record SearchSpace(Map<ParamName, Domain> domains) {

    public SearchSpace {
        Map<ParamName, Domain> complete = new EnumMap<>(ParamName.class);
        Map<ParamName, Object> defaults = Hyperparameters.DEFAULTS.toParamMap();
        for (ParamName name : ParamName.values()) {
            Domain domain = domains == null ? null : domains.get(name);
            if (domain == null) {
                complete.put(name, new Domain.Fixed(defaults.get(name)));
            } else {
                try {
                    complete.put(name, ParamValues.conform(name, domain));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("space." + name.wireName() + ": " + e.getMessage(), e);
                }
            }
        }
        domains = Collections.unmodifiableMap(complete);
    }

    /** Every parameter fixed at its default: a search of one configuration. */
    public static SearchSpace defaults() {
        return new SearchSpace(Map.of());
    }

    /** The domain of one parameter (never null). */
    public Domain domain(ParamName name) {
        return domains.get(name);
    }

    /**
     * One configuration, drawing each parameter in {@link ParamName} order from {@code rng}: the
     * same generator state gives the same configuration on every machine.
     */
    public Hyperparameters sampleWith(SplittableRandom rng) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<ParamName, Domain> entry : domains.entrySet()) {
            values.put(entry.getKey().wireName(), entry.getValue().sample(rng));
        }
        return Hyperparameters.fromMap(values);
    }

    /** The parameters whose domain is continuous (uniform, logUniform), which a grid cannot list. */
    public List<ParamName> continuous() {
        List<ParamName> names = new ArrayList<>();
        domains.forEach((name, domain) -> {
            if (!domain.enumerable()) {
                names.add(name);
            }
        });
        return List.copyOf(names);
    }

    /**
     * Whether the space holds one configuration only: every parameter fixed (or left out, so at its
     * default), or given one value. A search of it trains that configuration once per trial,
     * each with its own seed: a repeat, not a search.
     */
    public boolean oneConfiguration() {
        return continuous().isEmpty() && grid().size() == 1;
    }

    /**
     * The Cartesian product of every parameter's values.
     *
     * @throws IllegalArgumentException naming the continuous parameters when there are any
     */
    public Grid grid() {
        return new Grid(this);
    }
}
