package dev.trialstream.launcher.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trialstream.core.message.LeaderboardSnapshot;
import java.nio.file.Path;

/**
 * What a local run produced.
 *
 * @param leaderboard  the search's final leaderboard
 * @param model        where the winner's bundle was written, or null when there is none
 * @param modelProblem why the bundle is not where it was asked for (and where it is instead), or
 *                     null when it was written as asked
 * @param page         the search page's data as the search ended (what a report shows), or null
 */
public record LocalResult(LeaderboardSnapshot leaderboard, Path model, String modelProblem, double wallSeconds,
                          String backend, JsonNode page) {
}
