package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The answer a careful reviewer would give for a lead, from simple, documented rules: spam signals
 * first, then leads that cannot buy, then buying intent from someone who can act on it; everything
 * else is nurture.
 */
final class LeadTruth {

    private static final Set<String> PERSONAL_DOMAINS =
            Set.of(
                    "gmail.com",
                    "yahoo.com",
                    "hotmail.com",
                    "outlook.com",
                    "icloud.com",
                    "proton.me",
                    "protonmail.com",
                    "aol.com",
                    "gmx.de",
                    "web.de");
    private static final Pattern SPAM =
            Pattern.compile(
                    "(?i)(backlink|seo services|guest post|crypto|casino|forex|viagra|loan"
                            + " offer|click here|bit\\.ly|whatsapp me)");
    private static final Pattern INTENT =
            Pattern.compile(
                    "(?i)(pricing|price|quote|demo|trial|buy|purchase|contract|procure|rfp|enterprise"
                        + " plan|talk to sales|seats|licen[cs]e)");
    private static final Pattern SENIOR =
            Pattern.compile(
                    "(?i)\\b(chief|c[etfo]o|vp|vice"
                            + " president|head|director|founder|owner|partner|president)\\b");
    private static final Pattern CANNOT_BUY =
            Pattern.compile("(?i)\\b(student|intern|job|career|resume|cv)\\b");

    private LeadTruth() {}

    record Verdict(String label, String reason) {}

    static Verdict judge(JsonNode lead) {
        String email = text(lead, "email").toLowerCase(Locale.ROOT);
        String domain = email.contains("@") ? email.substring(email.indexOf('@') + 1) : "";
        String message = text(lead, "message");
        String title = text(lead, "title");
        int size = lead.path("companySize").asInt(0);
        if (SPAM.matcher(message).find() || SPAM.matcher(text(lead, "company")).find()) {
            return new Verdict(
                    "spam", "Message carries typical spam signals rather than a buying question.");
        }
        if (CANNOT_BUY.matcher(title + " " + message).find()
                || (PERSONAL_DOMAINS.contains(domain) && size < 10)) {
            return new Verdict(
                    "disqualified",
                    "Personal address or no purchasing context; not a fit to sell to.");
        }
        boolean intent = INTENT.matcher(message).find();
        boolean canAct = SENIOR.matcher(title).find() || size >= 200;
        if (intent && canAct) {
            return new Verdict(
                    "sales-ready",
                    "Asks about buying ("
                            + firstMatch(INTENT, message)
                            + ") and can act on it: "
                            + (title.isBlank() ? "a large company" : title)
                            + ".");
        }
        return new Verdict(
                "nurture",
                intent
                        ? "Shows interest but no sign of authority or budget yet."
                        : "No buying question yet; worth nurturing.");
    }

    static String choose(String truth, List<String> allowed) {
        return allowed.contains(truth) || allowed.isEmpty() ? truth : allowed.getFirst();
    }

    private static String firstMatch(Pattern pattern, String text) {
        var matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group().toLowerCase(Locale.ROOT) : "";
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString("");
    }
}
