package dev.rung.checks;

import dev.rung.task.Grounding;
import dev.rung.task.SourcePassage;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The citations of a grounded answer against the passages the model was given, in the order that
 * says the most: a citation to a passage it was not given, then a quote its passage does not hold,
 * then a claim without a citation. Quotes are compared with case and runs of whitespace set aside
 * (a model reflows text), nothing more: a changed digit or a paraphrase is a mismatch.
 */
final class CitationCheck {

    private static final int QUOTE_EXCERPT = 120;

    private CitationCheck() {}

    static Optional<CheckOutcome> check(
            Grounding.FromSource grounding, JsonNode answer, List<SourcePassage> given) {
        Map<String, SourcePassage> byId =
                given.stream()
                        .collect(
                                Collectors.toMap(
                                        SourcePassage::id, Function.identity(), (a, b) -> a));
        JsonNode citations = answer.path(grounding.citationsField());
        List<CheckOutcome.CitationProblem> unknown = new ArrayList<>();
        List<CheckOutcome.CitationProblem> mismatched = new ArrayList<>();
        Set<String> supported = new HashSet<>();
        for (int i = 0; i < citations.size(); i++) {
            JsonNode citation = citations.get(i);
            String id = citation.path("passage").asString("");
            String quote = citation.path("quote").asString("");
            var problem =
                    new CheckOutcome.CitationProblem(
                            "/" + grounding.citationsField() + "/" + i, id, excerpt(quote));
            SourcePassage passage = byId.get(id);
            if (passage == null) {
                unknown.add(problem);
            } else if (!quoted(quote, passage)) {
                mismatched.add(problem);
            } else {
                supported.add(citation.path("supports").asString(""));
            }
        }
        if (!unknown.isEmpty()) {
            return Optional.of(new CheckOutcome.CitationUnknown(unknown));
        }
        if (!mismatched.isEmpty()) {
            return Optional.of(new CheckOutcome.QuoteMismatch(mismatched));
        }
        List<String> missing =
                grounding.claims().stream()
                        .filter(claim -> holdsAValue(answer.get(claim)))
                        .filter(claim -> !supported.contains(claim))
                        .toList();
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of(new CheckOutcome.CitationMissing(missing));
    }

    /** Whether the quote is in the passage's text (or its heading); an empty quote never is. */
    static boolean quoted(String quote, SourcePassage passage) {
        String wanted = normalised(quote);
        if (wanted.isEmpty()) {
            return false;
        }
        return normalised(passage.text()).contains(wanted)
                || (passage.heading() != null && normalised(passage.heading()).contains(wanted));
    }

    static String normalised(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static boolean holdsAValue(JsonNode value) {
        return value != null
                && !value.isNull()
                && !(value.isString() && value.asString().isBlank())
                && !(value.isContainer() && value.isEmpty());
    }

    private static String excerpt(String quote) {
        return quote.length() <= QUOTE_EXCERPT ? quote : quote.substring(0, QUOTE_EXCERPT) + "…";
    }
}
