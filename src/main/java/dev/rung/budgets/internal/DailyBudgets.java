package dev.rung.budgets.internal;

import dev.rung.budgets.BudgetAction;
import dev.rung.budgets.BudgetExhausted;
import dev.rung.budgets.BudgetScope;
import dev.rung.budgets.Budgets;
import dev.rung.budgets.Reservation;
import dev.rung.instance.RungInstance;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Daily caps in {@code budget_day}. A reservation is one conditional upsert per capped scope inside
 * one transaction: the row lock serialises concurrent reservations of a scope on every replica, and
 * the condition {@code spent + reserved + estimate <= cap} is checked under that lock, so no two
 * calls can spend the same headroom. Because an estimate is the call's worst case, settled spend
 * never passes a cap. Each reservation is also a row of {@code budget_reservation}, held by this
 * instance and deleted by whichever comes first of its settling (the call's end) and its release
 * (the call's task was interrupted, or the instance holding it is gone): a reservation is given
 * back exactly once.
 */
@Component
class DailyBudgets implements Budgets {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final BudgetProperties properties;
    private final ApplicationEventPublisher events;
    private final RungInstance instance;

    /**
     * Rows already ensured by this instance (scope, day, cap), so the hot path skips the upsert.
     */
    private final java.util.Set<String> ensured =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    DailyBudgets(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            BudgetProperties properties,
            ApplicationEventPublisher events,
            RungInstance instance) {
        this.instance = instance;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.events = events;
    }

    @Override
    public Reservation reserve(BudgetScope scope, BigDecimal estimate, boolean cheapestRung) {
        Map<String, BigDecimal> caps = caps(scope);
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        if (caps.isEmpty()) {
            return new Reservation.Granted(null, List.of(), day, BigDecimal.ZERO);
        }
        ensureRows(caps, day);
        List<String> reserved = new ArrayList<>();
        UUID id = UUID.randomUUID();
        String refused =
                transactions.execute(
                        status -> {
                            for (var cap : caps.entrySet()) {
                                if (!reserveOne(cap.getKey(), day, cap.getValue(), estimate)) {
                                    status.setRollbackOnly();
                                    return cap.getKey();
                                }
                                reserved.add(cap.getKey());
                            }
                            jdbc.sql(
                                            """
                                            insert into budget_reservation (id, scopes, day, amount, created_at, holder)
                                            values (?, ?, ?, ?, now(), ?)\
                                            """)
                                    .params(
                                            id,
                                            reserved.toArray(String[]::new),
                                            day,
                                            estimate,
                                            instance.id())
                                    .update();
                            return null;
                        });
        if (refused == null) {
            return new Reservation.Granted(id, List.copyOf(reserved), day, estimate);
        }
        // Pausing a treatment only makes sense for an experiment arm's cap; other caps reject.
        BudgetAction action =
                properties.onExhausted() == BudgetAction.PAUSE_TREATMENT
                                && !refused.startsWith("arm:")
                        ? BudgetAction.REJECT
                        : properties.onExhausted();
        if (action == BudgetAction.CHEAPEST_RUNG && cheapestRung) {
            // Past the cap the cheapest rung keeps serving: record its spend without a reservation.
            return new Reservation.Granted(null, List.copyOf(caps.keySet()), day, BigDecimal.ZERO);
        }
        events.publishEvent(
                new BudgetExhausted(refused, scope.experimentId(), scope.arm(), action));
        return new Reservation.Exhausted(refused, caps.get(refused), action, untilNextDay());
    }

    /**
     * The day's rows exist, with the configured caps, before any reservation: committed on their
     * own, so that spend settled without a reservation (the cheapest-rung action) always has a row
     * to land in.
     */
    private void ensureRows(Map<String, BigDecimal> caps, LocalDate day) {
        if (ensured.size() > 10_000) {
            ensured.clear(); // old days' entries; the upsert is harmless to repeat
        }
        caps.forEach(
                (scope, cap) -> {
                    if (ensured.add(scope + '|' + day + '|' + cap)) {
                        ensureRow(scope, day, cap);
                    }
                });
    }

    private void ensureRow(String scope, LocalDate day, BigDecimal cap) {
        jdbc.sql(
                        """
                        insert into budget_day (scope, day, cap_usd) values (:scope, :day, :cap)
                        on conflict (scope, day) do update set cap_usd = excluded.cap_usd
                         where budget_day.cap_usd <> excluded.cap_usd\
                        """)
                .param("scope", scope)
                .param("day", day)
                .param("cap", cap)
                .update();
    }

    private boolean reserveOne(String scope, LocalDate day, BigDecimal cap, BigDecimal estimate) {
        return jdbc.sql(
                                """
                                update budget_day set reserved_usd = reserved_usd + :estimate
                                 where scope = :scope and day = :day and spent_usd + reserved_usd + :estimate <= cap_usd\
                                """)
                        .param("scope", scope)
                        .param("day", day)
                        .param("estimate", estimate)
                        .update()
                == 1;
    }

    @Override
    public void settle(Reservation.Granted reservation, BigDecimal actual) {
        if (reservation.scopes().isEmpty()) {
            return;
        }
        if (reservation.id() == null) {
            // Nothing was reserved (the cheapest rung past a cap): only the spend lands.
            adjust(reservation.scopes(), reservation.day(), BigDecimal.ZERO, actual);
            return;
        }
        release(reservation.id(), actual);
    }

    @Override
    public void release(UUID reservationId, BigDecimal spent) {
        if (reservationId == null) {
            return;
        }
        transactions.executeWithoutResult(
                status ->
                        jdbc.sql(
                                        """
                                        delete from budget_reservation where id = ? returning scopes, day, amount\
                                        """)
                                .param(reservationId)
                                .query(
                                        (rs, row) -> {
                                            adjust(
                                                    List.of((String[]) rs.getArray(1).getArray()),
                                                    rs.getObject(2, LocalDate.class),
                                                    rs.getBigDecimal(3),
                                                    spent);
                                            return true;
                                        })
                                .list());
    }

    /**
     * {@code spent} null: the call's model had no price; it is counted as unpriced, not as free.
     */
    private void adjust(List<String> scopes, LocalDate day, BigDecimal reserved, BigDecimal spent) {
        jdbc.sql(
                        """
                        update budget_day set reserved_usd = greatest(reserved_usd - :reserved, 0), spent_usd = spent_usd + :spent,
                                              unpriced_calls = unpriced_calls + :unpriced
                         where scope in (:scopes) and day = :day\
                        """)
                .param("reserved", reserved)
                .param("spent", spent == null ? BigDecimal.ZERO : spent)
                .param("unpriced", spent == null ? 1 : 0)
                .param("scopes", scopes)
                .param("day", day)
                .update();
    }

    @Override
    public List<UUID> heldBy(java.util.Collection<UUID> instances) {
        return instances.isEmpty()
                ? List.of()
                : jdbc.sql("select id from budget_reservation where holder in (:instances)")
                        .param("instances", instances)
                        .query(UUID.class)
                        .list();
    }

    @Override
    public List<BudgetStatus> today() {
        return jdbc.sql(
                        """
                        select scope, cap_usd, spent_usd, reserved_usd, greatest(cap_usd - spent_usd - reserved_usd, 0),
                               unpriced_calls
                          from budget_day where day = ? order by scope\
                        """)
                .param(LocalDate.now(ZoneOffset.UTC))
                .query(
                        (rs, row) ->
                                new BudgetStatus(
                                        rs.getString(1),
                                        rs.getBigDecimal(2),
                                        rs.getBigDecimal(3),
                                        rs.getBigDecimal(4),
                                        rs.getBigDecimal(5),
                                        rs.getLong(6)))
                .list();
    }

    private Map<String, BigDecimal> caps(BudgetScope scope) {
        Map<String, BigDecimal> caps = new LinkedHashMap<>();
        if (properties.global() != null) {
            caps.put("global", properties.global());
        }
        BigDecimal typeCap = properties.taskTypes().get(scope.taskType());
        if (typeCap != null) {
            caps.put("task-type:" + scope.taskType(), typeCap);
        }
        if (scope.experimentId() != null && properties.experimentArm() != null) {
            caps.put("arm:" + scope.experimentId() + ":" + scope.arm(), properties.experimentArm());
        }
        return caps;
    }

    private static Duration untilNextDay() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC));
    }
}
