package dev.rung.experiments.internal;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Accuracy against ground truth (reviewers' answers and CRM corrections), per arm and per the rung
 * that gave the accepted answer: whether the cheap rungs' answers hold up is the question a cascade
 * has to answer.
 */
@Component
class ReviewedAccuracy {

    /**
     * An arm's accuracy, overall and by rung ("1" for the ladder's first model; "0" for cached
     * answers).
     */
    record ArmAccuracy(Readout.Accuracy overall, Map<String, Readout.Accuracy> byRung) {}

    private record Tally(long reviewed, long correct) {
        Tally add(boolean matched) {
            return new Tally(reviewed + 1, correct + (matched ? 1 : 0));
        }

        Readout.Accuracy accuracy() {
            double[] ci = GroundTruth.wilson(correct, reviewed);
            return new Readout.Accuracy(
                    reviewed,
                    correct,
                    reviewed == 0 ? null : (double) correct / reviewed,
                    finite(ci[0]),
                    finite(ci[1]));
        }
    }

    private final ReadoutQueries queries;
    private final JsonMapper json;

    ReviewedAccuracy(ReadoutQueries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    Map<String, ArmAccuracy> of(UUID experimentId, List<String> arms) {
        Map<String, Tally> overall = new LinkedHashMap<>();
        Map<String, Map<String, Tally>> byRung = new LinkedHashMap<>();
        for (var reviewed : queries.reviewed(experimentId)) {
            boolean matched =
                    reviewed.result() != null
                            && GroundTruth.matches(
                                    json.readTree(reviewed.result()),
                                    json.readTree(reviewed.correct()));
            overall.merge(reviewed.arm(), new Tally(0, 0).add(matched), ReviewedAccuracy::sum);
            byRung.computeIfAbsent(reviewed.arm(), arm -> new TreeMap<>())
                    .merge(
                            String.valueOf(reviewed.rung()),
                            new Tally(0, 0).add(matched),
                            ReviewedAccuracy::sum);
        }
        Map<String, ArmAccuracy> accuracy = new LinkedHashMap<>();
        for (String arm : arms) {
            Map<String, Readout.Accuracy> rungs = new TreeMap<>();
            byRung.getOrDefault(arm, Map.of())
                    .forEach((rung, tally) -> rungs.put(rung, tally.accuracy()));
            accuracy.put(
                    arm,
                    new ArmAccuracy(overall.getOrDefault(arm, new Tally(0, 0)).accuracy(), rungs));
        }
        return accuracy;
    }

    private static Tally sum(Tally a, Tally b) {
        return new Tally(a.reviewed() + b.reviewed(), a.correct() + b.correct());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
