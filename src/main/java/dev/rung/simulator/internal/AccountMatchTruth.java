package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Set;

/**
 * Which candidate account a lead belongs to, as a RevOps analyst would match it: the lead's company
 * domain (its own, or its work e-mail's) against each candidate's domain first, then the company
 * name without legal suffixes and punctuation; no match is an answer too.
 */
final class AccountMatchTruth {

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

    private AccountMatchTruth() {}

    /**
     * @param accountId the matching candidate's id, or null
     */
    record Verdict(String accountId, String matchedOn, String reason) {}

    static Verdict judge(JsonNode input) {
        JsonNode lead = input.path("lead");
        String domain = domain(lead);
        String company = normalised(lead.path("company").asString(""));
        for (JsonNode candidate : input.path("candidates")) {
            String candidateDomain = candidate.path("domain").asString("").toLowerCase(Locale.ROOT);
            if (!domain.isEmpty()
                    && !candidateDomain.isEmpty()
                    && (domain.equals(candidateDomain) || domain.endsWith("." + candidateDomain))) {
                return new Verdict(
                        candidate.path("id").asString(),
                        "domain",
                        "The lead's domain " + domain + " is the account's.");
            }
        }
        for (JsonNode candidate : input.path("candidates")) {
            if (!company.isEmpty()
                    && company.equals(normalised(candidate.path("name").asString("")))) {
                return new Verdict(
                        candidate.path("id").asString(),
                        "company-name",
                        "The lead's company name matches the account's.");
            }
        }
        return new Verdict(
                null, "none", "Neither the domain nor the company name matches a candidate.");
    }

    private static String domain(JsonNode lead) {
        String domain = lead.path("domain").asString("");
        if (domain.isBlank()) {
            String email = lead.path("email").asString("");
            domain = email.contains("@") ? email.substring(email.indexOf('@') + 1) : "";
        }
        domain = domain.toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
        return PERSONAL_DOMAINS.contains(domain) ? "" : domain;
    }

    private static String normalised(String name) {
        return name.toLowerCase(Locale.ROOT)
                .replaceAll(
                        "\\b(inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|bv|plc|corp|corporation|co)\\b\\.?",
                        "")
                .replaceAll("[^a-z0-9]", "");
    }
}
