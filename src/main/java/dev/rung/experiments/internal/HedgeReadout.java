package dev.rung.experiments.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What hedging did in each arm: the share of finished tasks with a hedged call, and what the calls
 * that lost their race cost ({@code next = superseded} on the attempt), read from the ledger.
 */
@Component
class HedgeReadout {

    private final JdbcClient jdbc;

    HedgeReadout(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Readout.ArmHedges> of(UUID experimentId, List<String> arms) {
        Map<String, Readout.ArmHedges> found =
                jdbc
                        .sql(
                                """
                                select t.arm, count(*), count(h.task_id), coalesce(sum(h.cost), 0), coalesce(sum(t.cost_usd), 0)
                                  from task t
                                  left join lateral (select a.task_id, sum(coalesce(a.cost_usd, 0)) as cost from attempt a
                                                      where a.task_id = t.id and a.detail ->> 'next' = 'superseded'
                                                      group by a.task_id) h on true
                                 where t.experiment_id = ? and t.status in ('succeeded', 'failed')
                                 group by t.arm\
                                """)
                        .param(experimentId)
                        .query(
                                (rs, row) -> {
                                    long tasks = rs.getLong(2);
                                    long hedged = rs.getLong(3);
                                    BigDecimal cost = rs.getBigDecimal(4);
                                    BigDecimal total = rs.getBigDecimal(5);
                                    return new Readout.ArmHedges(
                                            rs.getString(1),
                                            tasks,
                                            hedged,
                                            tasks == 0 ? null : (double) hedged / tasks,
                                            cost.signum() == 0
                                                    ? BigDecimal.ZERO
                                                    : cost.setScale(9, RoundingMode.HALF_UP),
                                            total.signum() == 0
                                                    ? null
                                                    : cost.doubleValue() / total.doubleValue());
                                })
                        .list()
                        .stream()
                        .collect(Collectors.toMap(Readout.ArmHedges::arm, hedges -> hedges));
        return arms.stream()
                .map(
                        arm ->
                                found.getOrDefault(
                                        arm,
                                        new Readout.ArmHedges(
                                                arm,
                                                0,
                                                0,
                                                null,
                                                BigDecimal.ZERO.setScale(9),
                                                null)))
                .toList();
    }
}
