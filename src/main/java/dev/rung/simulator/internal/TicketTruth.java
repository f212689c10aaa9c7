package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Tags and priority a support lead would give a ticket, by keywords in its subject and body. */
final class TicketTruth {

    private static final Map<String, Pattern> TAG_SIGNALS = new LinkedHashMap<>();

    static {
        TAG_SIGNALS.put(
                "outage",
                Pattern.compile("(?i)(outage|is down|not loading|502|503|everyone|all users)"));
        TAG_SIGNALS.put(
                "billing",
                Pattern.compile(
                        "(?i)(invoice|charge|charged|refund|billing|payment|credit card|vat)"));
        TAG_SIGNALS.put(
                "cancellation",
                Pattern.compile("(?i)(cancel|terminate|close my account|downgrade)"));
        TAG_SIGNALS.put(
                "account-access",
                Pattern.compile("(?i)(log ?in|password|2fa|locked out|sso|reset link)"));
        TAG_SIGNALS.put(
                "bug",
                Pattern.compile(
                        "(?i)(error|bug|crash|broken|exception|fails|doesn't work|does not work)"));
        TAG_SIGNALS.put(
                "feature-request",
                Pattern.compile(
                        "(?i)(feature|would be (nice|great)|please add|could you add|wish)"));
        TAG_SIGNALS.put(
                "how-to", Pattern.compile("(?i)(how (do|can|to)|where (do|can)|is it possible)"));
    }

    private TicketTruth() {}

    record Verdict(List<String> tags, String priority) {}

    static Verdict judge(JsonNode ticket, List<String> allowedTags) {
        String text = LeadTruth.text(ticket, "subject") + "\n" + LeadTruth.text(ticket, "body");
        List<String> tags = new ArrayList<>();
        TAG_SIGNALS.forEach(
                (tag, pattern) -> {
                    if (tags.size() < 3
                            && pattern.matcher(text).find()
                            && (allowedTags.isEmpty() || allowedTags.contains(tag))) {
                        tags.add(tag);
                    }
                });
        if (tags.isEmpty()) {
            tags.add(
                    allowedTags.contains("other") || allowedTags.isEmpty()
                            ? "other"
                            : allowedTags.getLast());
        }
        String plan = LeadTruth.text(ticket, "customerPlan").toLowerCase(Locale.ROOT);
        return new Verdict(tags, priority(tags, plan));
    }

    private static String priority(List<String> tags, String plan) {
        if (tags.contains("outage")) {
            return "urgent";
        }
        boolean bigCustomer = plan.contains("enterprise") || plan.contains("business");
        if (tags.contains("cancellation")
                || (bigCustomer && (tags.contains("bug") || tags.contains("account-access")))) {
            return "high";
        }
        if (tags.contains("feature-request") || tags.contains("how-to")) {
            return "low";
        }
        return "normal";
    }
}
