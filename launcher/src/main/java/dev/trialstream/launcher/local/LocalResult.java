package dev.trialstream.launcher.local;

import dev.trialstream.core.message.LeaderboardSnapshot;
import java.nio.file.Path;

/**
 * What a local run produced.
 *
 * @param leaderboard the search's final leaderboard
 * @param model       where the winner's bundle was written, or null when there is none
 */
public record LocalResult(LeaderboardSnapshot leaderboard, Path model, double wallSeconds, String backend) {
}
