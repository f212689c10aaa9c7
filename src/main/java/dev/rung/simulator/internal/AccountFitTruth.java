package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The fit score a careful analyst would give an account against the team's ideal customer profile,
 * from plain points: industry, size, country and technology match the profile, and buying signals
 * add to it. The tier follows from the score (A from 75, B from 50, C from 25, else D), as {@code
 * account-fit-ranking}'s rule demands.
 */
final class AccountFitTruth {

    private AccountFitTruth() {}

    record Verdict(int score, String tier, List<String> reasons) {}

    static Verdict judge(JsonNode input) {
        JsonNode account = input.path("account");
        JsonNode profile = input.path("idealCustomerProfile");
        int score = 10;
        List<String> reasons = new ArrayList<>();
        String industry = account.path("industry").asString("");
        if (!industry.isBlank()
                && lowerSet(profile.path("industries"))
                        .contains(industry.toLowerCase(Locale.ROOT))) {
            score += 30;
            reasons.add("Industry " + industry + " is in the ideal profile.");
        }
        long employees = account.path("employees").asLong(-1);
        long min = profile.path("minEmployees").asLong(0);
        long max = profile.path("maxEmployees").asLong(Long.MAX_VALUE);
        if (employees >= 0 && employees >= min && employees <= max) {
            score += 25;
            reasons.add(employees + " employees is within the target size.");
        }
        String country = account.path("country").asString("");
        if (!country.isBlank()
                && lowerSet(profile.path("countries")).contains(country.toLowerCase(Locale.ROOT))) {
            score += 10;
        }
        Set<String> wanted = lowerSet(profile.path("technologies"));
        List<String> stack =
                account.path("technologies")
                        .valueStream()
                        .map(t -> t.asString(""))
                        .filter(t -> wanted.contains(t.toLowerCase(Locale.ROOT)))
                        .distinct()
                        .toList();
        if (!stack.isEmpty()) {
            score += Math.min(15, 5 * stack.size());
            reasons.add("Uses " + String.join(", ", stack) + ".");
        }
        int signals = account.path("intentSignals").size();
        if (signals > 0) {
            score += Math.min(20, 10 * signals);
            reasons.add(
                    signals
                            + " buying signal(s), such as: "
                            + account.path("intentSignals").get(0).asString("")
                            + ".");
        }
        score = Math.min(100, score);
        if (reasons.isEmpty()) {
            reasons.add("Few signals match the ideal customer profile.");
        }
        return new Verdict(score, tier(score), reasons.subList(0, Math.min(3, reasons.size())));
    }

    static String tier(int score) {
        return score >= 75 ? "A" : score >= 50 ? "B" : score >= 25 ? "C" : "D";
    }

    private static Set<String> lowerSet(JsonNode values) {
        Set<String> set = new HashSet<>();
        values.forEach(value -> set.add(value.asString("").toLowerCase(Locale.ROOT)));
        return set;
    }
}
