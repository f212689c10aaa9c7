package dev.rung.jobs.internal;

import dev.rung.task.RequestCheck;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.task.Violation;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job's upload read into task requests. NDJSON: one task body per line, as {@code POST
 * /v1/tasks/{type}} takes it. CSV: a header naming each column by its field's path in that body
 * ({@code subjectId}, {@code lead.email}, {@code lead.companySize}), each cell read as the type the
 * input schema gives its field. Either may carry {@code recordId}: the CRM record a write-back
 * delivers the line's result to. Every line is checked against the task type's input schema; one
 * invalid line refuses the whole upload, listing the first errors by line.
 */
final class JobInput {

    static final String RECORD_ID = "recordId";
    private static final int MAX_REPORTED = 20;

    /** One input: its line (from 1, the header not counted), request and record. */
    record Line(int number, TaskRequest request, String recordId) {}

    /** What is wrong with one line, by JSON Pointer into its body; never the value. */
    record LineError(int line, String pointer, String message) {}

    sealed interface Parsed {}

    record Valid(List<Line> lines) implements Parsed {}

    record Invalid(List<LineError> errors, String reason) implements Parsed {}

    private final JsonMapper json;
    private final CsvMapper csv = CsvMapper.builder().enable(CsvReadFeature.TRIM_SPACES).build();

    JobInput(JsonMapper json) {
        this.json = json;
    }

    Parsed ndjson(Reader body, TaskDefinition type, int maxLines) {
        List<ObjectNode> bodies = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(body)) {
            int number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                number++;
                if (number > maxLines) {
                    return tooMany(maxLines);
                }
                bodies.add(object(text, number, errors));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return checked(bodies, type, errors);
    }

    Parsed csv(Reader body, TaskDefinition type, int maxLines) {
        List<ObjectNode> bodies = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        JsonNode schema = type.contract().inputSchema();
        try (MappingIterator<Map<String, String>> rows =
                csv.readerForMapOf(String.class)
                        .with(CsvSchema.emptySchema().withHeader())
                        .readValues(body)) {
            int number = 0;
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                number++;
                if (number > maxLines) {
                    return tooMany(maxLines);
                }
                bodies.add(fromRow(row, schema));
            }
        } catch (JacksonException e) {
            return new Invalid(List.of(), "the upload is not CSV with a header row");
        }
        return checked(bodies, type, errors);
    }

    private Parsed checked(List<ObjectNode> bodies, TaskDefinition type, List<LineError> errors) {
        if (bodies.isEmpty() && errors.isEmpty()) {
            return new Invalid(List.of(), "the upload holds no inputs");
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            ObjectNode body = bodies.get(i);
            if (body == null) {
                continue;
            }
            JsonNode record = body.remove(RECORD_ID);
            switch (type.contract().request(body)) {
                case RequestCheck.Valid valid ->
                        lines.add(new Line(i + 1, valid.request(), recordId(record)));
                case RequestCheck.Invalid invalid -> {
                    for (Violation violation : invalid.violations()) {
                        errors.add(new LineError(i + 1, violation.pointer(), violation.message()));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Invalid(
                    errors.subList(0, Math.min(errors.size(), MAX_REPORTED)),
                    errors.size() + " error(s) in the upload; nothing was stored");
        }
        return new Valid(lines);
    }

    private ObjectNode object(String text, int number, List<LineError> errors) {
        try {
            JsonNode node = json.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
            errors.add(new LineError(number, "", "must be a JSON object"));
        } catch (JacksonException e) {
            errors.add(new LineError(number, "", "is not JSON"));
        }
        return null;
    }

    /** A CSV row as a task body: each column at its dotted path, typed as the schema says. */
    private ObjectNode fromRow(Map<String, String> row, JsonNode schema) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        row.forEach(
                (column, value) -> {
                    if (value == null || value.isEmpty()) {
                        return;
                    }
                    String[] path = column.split("\\.");
                    ObjectNode parent = body;
                    JsonNode fieldSchema = schema;
                    for (int i = 0; i < path.length - 1; i++) {
                        parent =
                                parent.get(path[i]) instanceof ObjectNode child
                                        ? child
                                        : parent.putObject(path[i]);
                        // The first segment is the body's input field (input, or its alias such
                        // as lead), which the input schema describes as a whole.
                        fieldSchema =
                                i == 0 ? schema : fieldSchema.path("properties").path(path[i]);
                    }
                    String field = path[path.length - 1];
                    parent.set(
                            field,
                            path.length == 1
                                    ? JsonNodeFactory.instance.stringNode(value)
                                    : typed(value, fieldSchema.path("properties").path(field)));
                });
        return body;
    }

    /** A cell as its field's type; left a string when it does not read as one (and then fails). */
    private JsonNode typed(String value, JsonNode fieldSchema) {
        String type = type(fieldSchema);
        try {
            return switch (type) {
                case "integer", "number", "boolean", "array", "object" -> {
                    JsonNode parsed = json.readTree(value);
                    yield parsed == null ? JsonNodeFactory.instance.stringNode(value) : parsed;
                }
                default -> JsonNodeFactory.instance.stringNode(value);
            };
        } catch (JacksonException e) {
            return JsonNodeFactory.instance.stringNode(value);
        }
    }

    private static String type(JsonNode fieldSchema) {
        JsonNode type = fieldSchema.path("type");
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (!"null".equals(option.asString())) {
                    return option.asString();
                }
            }
        }
        return type.asString("string");
    }

    private static String recordId(JsonNode record) {
        if (record == null || record.isNull()) {
            return null;
        }
        String id = record.isString() ? record.asString() : record.toString();
        return id.isBlank() ? null : id;
    }

    private static Invalid tooMany(int maxLines) {
        return new Invalid(List.of(), "the upload holds more than " + maxLines + " inputs");
    }
}
