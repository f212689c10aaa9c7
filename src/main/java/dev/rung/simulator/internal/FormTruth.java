package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields a careful reader would extract from a form fill: read the obvious keys, infer the
 * rest.
 */
final class FormTruth {

    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@([\\w-]+(?:\\.[\\w-]+)+)");
    private static final Set<String> PERSONAL_DOMAINS =
            Set.of("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com");
    private static final Map<String, String> COUNTRY_BY_NAME = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            COUNTRY_BY_NAME.put(
                    Locale.of("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT),
                    code);
        }
        COUNTRY_BY_NAME.put("usa", "US");
        COUNTRY_BY_NAME.put("uk", "GB");
        COUNTRY_BY_NAME.put("england", "GB");
        COUNTRY_BY_NAME.put("deutschland", "DE");
    }

    private FormTruth() {}

    static ObjectNode extract(JsonNode form) {
        Map<String, String> fields = new HashMap<>();
        form.path("fields")
                .properties()
                .forEach(
                        entry ->
                                fields.put(
                                        normalise(entry.getKey()), entry.getValue().asString("")));
        String text = LeadTruth.text(form, "text");
        String title = first(fields, "jobtitle", "title", "role", "position");
        String size = first(fields, "employees", "companysize", "size", "numberofemployees");
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put(
                "company",
                nullIfBlank(
                        first(fields, "company", "companyname", "organization", "organisation")));
        answer.put("domain", domain(first(fields, "email", "workemail", "website") + " " + text));
        answer.put("jobTitle", nullIfBlank(title));
        answer.put("seniority", seniority(title));
        answer.put("department", department(title));
        answer.put("country", country(first(fields, "country", "countryregion", "location")));
        answer.put("employeeRange", employeeRange(size));
        answer.put("confidence", 0.9);
        return answer;
    }

    private static String domain(String text) {
        Matcher matcher = EMAIL.matcher(text);
        while (matcher.find()) {
            String domain = matcher.group(1).toLowerCase(Locale.ROOT);
            if (!PERSONAL_DOMAINS.contains(domain)) {
                return domain;
            }
        }
        Matcher site =
                Pattern.compile(
                                "(?i)(?:https?://)?(?:www\\.)?([a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,})")
                        .matcher(text);
        return site.find() && !text.contains("@") ? site.group(1).toLowerCase(Locale.ROOT) : null;
    }

    static String seniority(String title) {
        String t = title.toLowerCase(Locale.ROOT);
        if (t.isBlank()) return "unknown";
        if (t.matches(".*\\b(founder|owner)\\b.*")) return "owner";
        if (t.matches(".*\\b(chief|ceo|cto|cfo|coo|cmo|cio)\\b.*")) return "c-level";
        if (t.matches(".*\\b(vp|vice president)\\b.*")) return "vp";
        if (t.matches(".*\\b(director|head)\\b.*")) return "director";
        if (t.matches(".*\\b(manager|lead)\\b.*")) return "manager";
        if (t.matches(".*\\b(senior|sr\\.?|principal|staff)\\b.*")) return "senior";
        if (t.matches(".*\\b(intern|trainee|student)\\b.*")) return "intern";
        return "entry";
    }

    private static String department(String title) {
        String t = title.toLowerCase(Locale.ROOT);
        if (t.matches(".*\\b(ceo|founder|owner|president|coo)\\b.*")) return "executive";
        if (t.matches(".*(engineer|developer|cto|software|devops).*")) return "engineering";
        if (t.matches(".*(product).*")) return "product";
        if (t.matches(".*(sales|account executive|business development|sdr|bdr).*")) return "sales";
        if (t.matches(".*(marketing|growth|brand|cmo|demand).*")) return "marketing";
        if (t.matches(".*(finance|cfo|accountant|controller).*")) return "finance";
        if (t.matches(".*(people|hr|human resources|talent|recruit).*")) return "hr";
        if (t.matches(".*(operations|ops).*")) return "operations";
        if (t.matches(".*(\\bit\\b|cio|sysadmin|infrastructure|security).*")) return "it";
        if (t.matches(".*(legal|counsel|compliance).*")) return "legal";
        if (t.matches(".*(support|customer success|service).*")) return "support";
        return "other";
    }

    private static String country(String value) {
        String v = value.trim();
        if (v.length() == 2
                && Set.of(Locale.getISOCountries()).contains(v.toUpperCase(Locale.ROOT))) {
            return v.toUpperCase(Locale.ROOT);
        }
        return COUNTRY_BY_NAME.get(v.toLowerCase(Locale.ROOT));
    }

    private static String employeeRange(String size) {
        Matcher digits = Pattern.compile("\\d[\\d,]*").matcher(size);
        if (!digits.find()) return "unknown";
        long n = Long.parseLong(digits.group().replace(",", ""));
        if (n <= 10) return "1-10";
        if (n <= 50) return "11-50";
        if (n <= 200) return "51-200";
        if (n <= 500) return "201-500";
        if (n <= 1000) return "501-1000";
        if (n <= 5000) return "1001-5000";
        return "5001+";
    }

    private static String first(Map<String, String> fields, String... keys) {
        for (String key : keys) {
            String value = fields.get(key);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return "";
    }

    private static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    private static String nullIfBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
