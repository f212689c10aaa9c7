package dev.rung.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks e-mail addresses and phone numbers in text bound for logs. */
public final class Redaction {

    private static final Pattern EMAIL = Pattern.compile("[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    // A run of digits with the usual phone separators, judged below: 7 to 15 digits, and either a
    // leading +
    // or at least one separator, so ids, timestamps and amounts are left alone.
    private static final Pattern PHONE_LIKE =
            Pattern.compile("(?<![\\w.-])\\+?\\(?\\d[\\d ().-]{5,}\\d(?![\\w-])");

    /** Dates and times look like phone numbers to the pattern above; they are not personal. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Redaction() {}

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher candidates = PHONE_LIKE.matcher(EMAIL.matcher(text).replaceAll("[email]"));
        StringBuilder redacted = new StringBuilder();
        while (candidates.find()) {
            String candidate = candidates.group();
            long digits = candidate.chars().filter(Character::isDigit).count();
            boolean phone =
                    digits >= 7
                            && digits <= 15
                            && !DATE.matcher(candidate).lookingAt()
                            && (candidate.startsWith("+")
                                    || candidate.chars().anyMatch(c -> " ().-".indexOf(c) >= 0));
            candidates.appendReplacement(
                    redacted, Matcher.quoteReplacement(phone ? "[phone]" : candidate));
        }
        return candidates.appendTail(redacted).toString();
    }
}
