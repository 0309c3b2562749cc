package dev.trialstream.worker.kafka;

import dev.trialstream.worker.trial.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a finished take commits. A committed offset covers every record before it on its partition,
 * so per partition only the run of ended records from the take's first one may commit; from the
 * first record given up (abandoned) on, the partition is rewound and those records are trained
 * again, their outcomes unpublished. Records of a revoked partition belong to its new owner:
 * neither committed nor rewound here.
 *
 * @param publish the indexes (into the take) whose outcomes go out in the transaction, in take order
 * @param offsets the offsets committed with them
 * @param rewinds per partition, the offset to poll again from
 */
record Settlement(List<Integer> publish, Map<TopicPartition, OffsetAndMetadata> offsets,
                  Map<TopicPartition, Long> rewinds) {

    Settlement {
        publish = List.copyOf(publish);
        offsets = Map.copyOf(offsets);
        rewinds = Map.copyOf(rewinds);
    }

    static Settlement of(List<InFlight.Taken> taken, List<Outcome> outcomes, Set<TopicPartition> revoked) {
        List<Integer> publish = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        Map<TopicPartition, Long> rewinds = new LinkedHashMap<>();
        Set<TopicPartition> stopped = new HashSet<>(revoked);
        for (int i = 0; i < taken.size(); i++) {
            TopicPartition partition = taken.get(i).partition();
            if (stopped.contains(partition)) {
                continue;
            }
            if (outcomes.get(i) instanceof Outcome.Abandoned) {
                stopped.add(partition);
                rewinds.put(partition, taken.get(i).offset());
                continue;
            }
            publish.add(i);
            offsets.put(partition, new OffsetAndMetadata(taken.get(i).offset() + 1));
        }
        return new Settlement(publish, offsets, rewinds);
    }

    boolean commitsNothing() {
        return offsets.isEmpty();
    }
}
