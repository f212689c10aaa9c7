package dev.rung.task.internal;

import dev.rung.task.RuleViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Output shape and rules of {@code field-extraction}: firmographic and role fields from a form fill. */
final class FieldExtractionSpec {

    static final List<String> SENIORITIES =
            List.of("intern", "entry", "senior", "manager", "director", "vp", "c-level", "owner", "unknown");
    static final List<String> DEPARTMENTS = List.of("engineering", "product", "sales", "marketing", "finance",
            "hr", "operations", "it", "legal", "support", "executive", "other");
    static final List<String> EMPLOYEE_RANGES =
            List.of("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001+", "unknown");
    static final List<String> REQUIRED_VALUES = List.of("seniority", "department", "employeeRange", "confidence");

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern DOMAIN =
            Pattern.compile("^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    private FieldExtractionSpec() {
    }

    static ObjectNode schema() {
        return StrictSchema.object()
                .property("company", StrictSchema.string(true))
                .property("domain", StrictSchema.string(true))
                .property("jobTitle", StrictSchema.string(true))
                .property("seniority", StrictSchema.enumOf(SENIORITIES, false))
                .property("department", StrictSchema.enumOf(DEPARTMENTS, false))
                .property("country", StrictSchema.string(true))
                .property("employeeRange", StrictSchema.enumOf(EMPLOYEE_RANGES, false))
                .property("confidence", StrictSchema.probability())
                .build();
    }

    static List<RuleViolation> rules(JsonNode answer) {
        List<RuleViolation> violations = new ArrayList<>();
        violations.addAll(AnswerFields.oneOf(answer, "seniority", SENIORITIES, "seniority_allowed"));
        violations.addAll(AnswerFields.oneOf(answer, "department", DEPARTMENTS, "department_allowed"));
        violations.addAll(AnswerFields.oneOf(answer, "employeeRange", EMPLOYEE_RANGES, "employee_range_allowed"));
        AnswerFields.text(answer, "country")
                .filter(country -> !ISO_COUNTRIES.contains(country))
                .ifPresent(country -> violations.add(new RuleViolation("country_iso3166_alpha2", "country", country)));
        AnswerFields.text(answer, "domain")
                .filter(domain -> !DOMAIN.matcher(domain).matches())
                .ifPresent(domain -> violations.add(new RuleViolation("domain_valid", "domain", domain)));
        return violations;
    }
}
