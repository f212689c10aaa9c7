package dev.rung.ledger.internal;

import dev.rung.web.ProblemException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Spend by day, model and task type, for the dashboard's spend page; the same numbers as {@code
 * cost_by_model_day}.
 */
@RestController
@Tag(name = "Spend", description = "What the models cost, by day, model and task type")
class SpendController {

    static final int MAX_DAYS = 366;

    private final JdbcClient jdbc;

    SpendController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Schema(
            name = "SpendRow",
            description =
                    "Attempts started on one UTC day with one model on one service tier for one"
                            + " task type")
    record SpendRow(
            LocalDate day,
            String model,
            @Schema(
                            description =
                                    "The tier the calls were sent on and priced from: default"
                                            + " (standard) or flex (batch prices)",
                            allowableValues = {"default", "flex"})
                    String serviceTier,
            String taskType,
            @Schema(
                            description =
                                    "true when the answers came from Rung's built-in simulator, not"
                                            + " a real model")
                    boolean simulated,
            long attempts,
            long inputTokens,
            long cachedInputTokens,
            long outputTokens,
            long reasoningTokens,
            @Schema(
                            description =
                                    "The sum of the known costs; null when no attempt of the row"
                                        + " had one. It leaves out the unpricedAttempts, so with"
                                        + " any of them it is less than was spent")
                    BigDecimal costUsd,
            @Schema(
                            description =
                                    "Ended attempts whose model had no price: their cost is"
                                            + " unknown, not zero")
                    long unpricedAttempts,
            @Schema(
                            description =
                                    "Attempts interrupted before their usage came back: their cost"
                                            + " is the prompt's, an estimate")
                    long estimatedAttempts,
            @Schema(
                            description =
                                    "Attempts whose call is still running: their cost is not known"
                                            + " yet")
                    long inFlightAttempts) {}

    @GetMapping(path = "/v1/spend", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Spend per UTC day, model, service tier and task type over the last days,"
                            + " newest day first")
    List<SpendRow> spend(
            @RequestParam(defaultValue = "30")
                    @Parameter(description = "How many days back, today included (1 to 366)")
                    int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw invalidDays();
        }
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L);
        // The range is on started_at itself, so the attempt index (and monthly partitions) prune
        // the scan.
        return jdbc.sql(
                        """
                        select (a.started_at at time zone 'UTC')::date as day, a.model_requested, a.service_tier, t.type,
                               t.simulated, count(*),
                               coalesce(sum(a.input_tokens), 0), coalesce(sum(a.cached_input_tokens), 0),
                               coalesce(sum(a.output_tokens), 0), coalesce(sum(a.reasoning_tokens), 0), sum(a.cost_usd),
                               count(*) filter (where a.cost_usd is null and a.outcome <> 'in_flight'),
                               count(*) filter (where a.cost_estimated), count(*) filter (where a.outcome = 'in_flight')
                          from attempt a join task t on t.id = a.task_id
                         where a.started_at >= (?::date)::timestamp at time zone 'UTC'
                         group by 1, 2, 3, 4, 5 order by 1 desc, 2, 3, 4, 5\
                        """)
                .param(from)
                .query(
                        (rs, row) ->
                                new SpendRow(
                                        rs.getObject(1, LocalDate.class),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getBoolean(5),
                                        rs.getLong(6),
                                        rs.getLong(7),
                                        rs.getLong(8),
                                        rs.getLong(9),
                                        rs.getLong(10),
                                        rs.getBigDecimal(11),
                                        rs.getLong(12),
                                        rs.getLong(13),
                                        rs.getLong(14)))
                .list();
    }

    private static ProblemException invalidDays() {
        return ProblemException.invalidField("days", "must be between 1 and " + MAX_DAYS);
    }
}
