package dev.rung.jobs.internal;

import dev.rung.task.TaskDefinition;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job's results, one per input in line order, streamed as NDJSON (the answer as JSON) or CSV
 * (each top-level field of the answer a column of its own, {@code result.<field>}, for
 * spreadsheets). An input whose task has not ended shows where it stands.
 */
@Component
class JobResults {

    private static final List<String> COLUMNS =
            List.of(
                    "line",
                    "subjectId",
                    "recordId",
                    "taskId",
                    "status",
                    "failureReason",
                    "attempts",
                    "maxRung",
                    "costUsd");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CsvMapper csv = new CsvMapper();

    JobResults(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void ndjson(UUID jobId, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            rows(
                    jobId,
                    row -> {
                        json.writeValue(generator, row);
                        generator.writeRaw('\n');
                    });
        }
    }

    void csv(UUID jobId, TaskDefinition type, OutputStream out) {
        List<String> fields = new ArrayList<>();
        type.outputSchema().path("properties").propertyNames().forEach(fields::add);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        fields.forEach(field -> schema.addColumn("result." + field));
        try (SequenceWriter writer = csv.writer(schema.build()).writeValues(out)) {
            rows(
                    jobId,
                    row -> {
                        Map<String, Object> flat = new LinkedHashMap<>();
                        COLUMNS.forEach(column -> flat.put(column, row.get(column)));
                        JsonNode result = (JsonNode) row.get("result");
                        for (String field : fields) {
                            JsonNode value = result == null ? null : result.get(field);
                            flat.put(
                                    "result." + field,
                                    value == null || value.isNull()
                                            ? null
                                            : value.isValueNode()
                                                    ? value.asString()
                                                    : value.toString());
                        }
                        writer.write(flat);
                    });
        }
    }

    private void rows(UUID jobId, java.util.function.Consumer<Map<String, Object>> each) {
        jdbc.sql(
                        """
                        select i.line, i.subject_id, i.record_id, i.task_id, i.state, t.status, t.failure_reason,
                               t.attempt_count, t.max_rung, t.cost_usd, t.result::text
                          from bulk_job_item i left join task t on t.id = i.task_id
                         where i.job_id = ? order by i.line\
                        """)
                .param(jobId)
                .query(
                        rs -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("line", rs.getInt(1));
                            row.put("subjectId", rs.getString(2));
                            row.put("recordId", rs.getString(3));
                            row.put("taskId", rs.getObject(4, UUID.class));
                            row.put(
                                    "status",
                                    status(rs.getString(5), rs.getString(6), rs.getString(7)));
                            row.put("failureReason", rs.getString(7));
                            row.put("attempts", rs.getObject(8, Integer.class));
                            row.put("maxRung", rs.getObject(9, Integer.class));
                            BigDecimal cost = rs.getBigDecimal(10);
                            row.put("costUsd", cost == null ? null : cost.toPlainString());
                            String result = rs.getString(11);
                            row.put("result", result == null ? null : json.readTree(result));
                            each.accept(row);
                        });
    }

    /** pending, waiting (on its batch), running (being checked), succeeded, failed, cancelled. */
    private static String status(String itemState, String taskStatus, String failureReason) {
        if (itemState.equals("pending")) {
            return "pending";
        }
        if (taskStatus == null || BatchOutcomes.CANCELLED.equals(failureReason)) {
            return itemState.equals("done") ? "cancelled" : "pending";
        }
        if (itemState.equals("waiting")) {
            return "waiting";
        }
        return taskStatus;
    }
}
