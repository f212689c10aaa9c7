package dev.rung.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The analyst role runs every example in docs/analytics.md and cannot read a lead's e-mail. */
class AnalystRoleTest extends IntegrationTest {

    /**
     * The database as this context reached it: the embedded server's or a container's
     * (TestDatabase).
     */
    @Autowired JdbcConnectionDetails database;

    @Test
    void analystsSeeTheViewsButNotThePersonalData() throws Exception {
        post(
                "/v1/tasks/lead-classification",
                "{\"subjectId\":\"analyst-lead\",\"lead\":{\"email\":\"secret.person@example.org\"}}");
        jdbc.sql(
                        "do $$ begin if not exists (select from pg_roles where rolname = 'alice')"
                            + " then create user alice login password 'alice' in role rung_analyst;"
                            + " end if; end $$")
                .update();

        try (Connection alice =
                DriverManager.getConnection(
                        database.getJdbcUrl()
                                .replaceAll("[?&]user=[^&]*", "")
                                .replaceAll("[?&]password=[^&]*", ""),
                        "alice",
                        "alice")) {
            try (ResultSet who = alice.createStatement().executeQuery("select current_user")) {
                who.next();
                assertThat(who.getString(1)).isEqualTo("alice");
            }
            for (String query : documentedQueries()) {
                try (ResultSet rows = alice.createStatement().executeQuery(query)) {
                    assertThat(rows.getMetaData().getColumnCount()).isPositive();
                }
            }
            try (ResultSet rows =
                    alice.createStatement()
                            .executeQuery(
                                    "select * from task_outcomes where status = 'succeeded'")) {
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    columns.add(rows.getMetaData().getColumnName(i));
                }
                assertThat(columns)
                        .contains("subject_key", "cost_usd", "escalated")
                        .doesNotContain("input", "result", "subject_id");
            }
            for (String forbidden :
                    List.of(
                            "select input from task",
                            "select * from attempt",
                            "select * from feedback",
                            "select * from api_key")) {
                assertThatThrownBy(() -> alice.createStatement().executeQuery(forbidden))
                        .as(forbidden)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
            }
            try (ResultSet leak =
                    alice.createStatement()
                            .executeQuery(
                                    "select count(*) from task_outcomes o join attempts a using"
                                            + " (task_id) where a.detail::text like"
                                            + " '%secret.person%'")) {
                leak.next();
                assertThat(leak.getInt(1)).isZero();
            }
        }
    }

    private static List<String> documentedQueries() throws Exception {
        Matcher blocks =
                Pattern.compile("```sql\\n(-- analyst: .*?)```", Pattern.DOTALL)
                        .matcher(Files.readString(Path.of("docs/analytics.md")));
        List<String> queries = new ArrayList<>();
        while (blocks.find()) {
            queries.add(blocks.group(1).strip().replaceAll(";$", ""));
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
        return queries;
    }
}
