package dev.rung.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * Tasks and attempts are stored in monthly partitions, made ahead of time, and a month's scan reads
 * only its month.
 */
class MonthlyPartitionsTest extends IntegrationTest {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy_MM");

    private final YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
    private String taskId;

    @BeforeEach
    void storeATask() {
        simulatorFaults(Map.of());
        taskId =
                body(post(
                                "/v1/tasks/ticket-tagging",
                                """
                                {"subjectId":"partition-%s","ticket":{"subject":"Invoice","body":"Please send the invoice again."}}\
                                """
                                        .formatted(UUID.randomUUID())))
                        .path("taskId")
                        .asString();
        resetSimulator();
    }

    @Test
    void anAttemptLandsInItsMonthAndAMonthsScanReadsOnlyThatMonth() {
        String inThreeMonths = "attempt_" + thisMonth.plusMonths(3).format(MONTH);

        assertThat(
                        jdbc.sql(
                                        "select distinct tableoid::regclass::text from attempt"
                                                + " where task_id = ?::uuid")
                                .param(taskId)
                                .query(String.class)
                                .list())
                .containsExactly("attempt_" + thisMonth.format(MONTH));
        assertThat(partitionsOf("attempt"))
                .contains("attempt_" + thisMonth.format(MONTH), inThreeMonths, "attempt_default");
        assertThat(
                        plan(
                                """
                                explain select count(*) from attempt
                                 where started_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
                                   and started_at < (date_trunc('month', now() at time zone 'UTC') + interval '1 month') at time zone 'UTC'\
                                """))
                .contains("attempt_" + thisMonth.format(MONTH))
                .doesNotContain(inThreeMonths)
                .doesNotContain("attempt_default");
    }

    @Test
    void aTaskLandsInItsCreationMonthAndAnAnalystReadsOneMonthByTaskId() {
        String inThreeMonths = "task_" + thisMonth.plusMonths(3).format(MONTH);

        assertThat(
                        jdbc.sql("select tableoid::regclass::text from task where id = ?::uuid")
                                .param(taskId)
                                .query(String.class)
                                .single())
                .isEqualTo("task_" + thisMonth.format(MONTH));
        assertThat(
                        jdbc.sql(
                                        "select to_char(created_at at time zone 'UTC', 'YYYY_MM')"
                                                + " from task where id = ?::uuid")
                                .param(taskId)
                                .query(String.class)
                                .single())
                .isEqualTo(thisMonth.format(MONTH));
        assertThat(partitionsOf("task"))
                .contains("task_" + thisMonth.format(MONTH), inThreeMonths, "task_default");
        String from = thisMonth.atDay(1).toString();
        String to = thisMonth.plusMonths(1).atDay(1).toString();
        assertThat(
                        plan(
                                "explain select count(*) from task_outcomes where task_id >= task_id_at('%s') and task_id < task_id_at('%s')"
                                        .formatted(from, to)))
                .contains("task_" + thisMonth.format(MONTH))
                .doesNotContain(inThreeMonths)
                .doesNotContain("task_default");
        assertThat(
                        jdbc.sql(
                                        "select count(*) from task_outcomes where task_id = ?::uuid"
                                                + " and task_id >= task_id_at(?::timestamptz) and"
                                                + " task_id < task_id_at(?::timestamptz)")
                                .param(taskId)
                                .param(from)
                                .param(to)
                                .query(Long.class)
                                .single())
                .isEqualTo(1);
    }

    private java.util.List<String> partitionsOf(String table) {
        return jdbc.sql(
                        "select inhrelid::regclass::text from pg_inherits where inhparent ="
                                + " ?::regclass")
                .param(table)
                .query(String.class)
                .list();
    }

    private String plan(String explain) {
        return String.join("\n", jdbc.sql(explain).query(String.class).list());
    }
}
