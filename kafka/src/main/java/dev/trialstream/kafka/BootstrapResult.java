package dev.trialstream.kafka;

import java.util.List;

/**
 * What {@link TopicBootstrap#ensureTopics()} did.
 *
 * @param created         topics it created
 * @param existing        topics that were already there (left as they are)
 * @param trialPartitions the partition count of {@code trials} afterwards
 * @param warnings        existing topics whose settings differ from what would be created
 */
public record BootstrapResult(List<String> created, List<String> existing, int trialPartitions,
                              List<String> warnings) {

    public BootstrapResult {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
        warnings = List.copyOf(warnings);
    }
}
