package dev.rung.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Attempts are stored in monthly partitions, made ahead of time, and a month's scan reads only its month. */
class AttemptPartitionsTest extends IntegrationTest {

    @Test
    void anAttemptLandsInItsMonthAndAMonthsScanReadsOnlyThatMonth() {
        simulatorFaults(Map.of());
        String taskId = body(post("/v1/tasks/ticket-tagging", """
                {"subjectId":"partition-%s","ticket":{"subject":"Invoice","body":"Please send the invoice again."}}"""
                .formatted(UUID.randomUUID()))).path("taskId").asString();
        resetSimulator();
        String thisMonth = "attempt_" + YearMonth.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy_MM"));
        String inThreeMonths = "attempt_" + YearMonth.now(ZoneOffset.UTC).plusMonths(3).format(DateTimeFormatter.ofPattern("yyyy_MM"));

        assertThat(jdbc.sql("select distinct tableoid::regclass::text from attempt where task_id = ?::uuid").param(taskId)
                .query(String.class).list()).containsExactly(thisMonth);
        assertThat(jdbc.sql("select inhrelid::regclass::text from pg_inherits where inhparent = 'attempt'::regclass")
                .query(String.class).list()).contains(thisMonth, inThreeMonths, "attempt_default");
        String plan = String.join("\n", jdbc.sql("""
                explain select count(*) from attempt
                 where started_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
                   and started_at < (date_trunc('month', now() at time zone 'UTC') + interval '1 month') at time zone 'UTC'""")
                .query(String.class).list());
        assertThat(plan).contains(thisMonth).doesNotContain(inThreeMonths).doesNotContain("attempt_default");
    }
}
