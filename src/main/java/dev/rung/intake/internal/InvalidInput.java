package dev.rung.intake.internal;

import dev.rung.task.RequestCheck;
import dev.rung.task.TaskRequest;
import dev.rung.task.Violation;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request that breaks its task type's input schema is answered 400 invalid-request listing every
 * violation: its JSON Pointer in the body, the same as a dotted field name, and what is wrong
 * (never the value, which may be personal data).
 */
final class InvalidInput {

    private InvalidInput() {}

    static TaskRequest orThrow(RequestCheck check, String what) {
        return switch (check) {
            case RequestCheck.Valid valid -> valid.request();
            case RequestCheck.Invalid invalid ->
                    throw new ProblemException(
                            ProblemType.INVALID_REQUEST,
                            what + invalid.violations().size() + " field(s) are invalid",
                            Map.of("errors", errors(invalid.violations())));
        };
    }

    static List<Map<String, String>> errors(List<Violation> violations) {
        return violations.stream()
                .map(
                        violation -> {
                            Map<String, String> error = new LinkedHashMap<>();
                            error.put("pointer", violation.pointer());
                            error.put("field", field(violation.pointer()));
                            error.put("message", violation.message());
                            return error;
                        })
                .toList();
    }

    /** "/lead/email" as "lead.email", "/fields/0" as "fields[0]": the form older clients read. */
    static String field(String pointer) {
        if (pointer.isEmpty()) {
            return "(body)";
        }
        StringBuilder field = new StringBuilder();
        for (String segment : pointer.substring(1).split("/", -1)) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (name.matches("\\d+")) {
                field.append('[').append(name).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(name);
            }
        }
        return field.toString();
    }
}
