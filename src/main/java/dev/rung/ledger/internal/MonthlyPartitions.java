package dev.rung.ledger.internal;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps monthly partitions of {@code attempt} (V10) and {@code task} (V12) ready three months
 * ahead, at start-up and every day, so rows land in their month's partition rather than in the
 * default one.
 */
@Component
class MonthlyPartitions {

    static final int MONTHS_AHEAD = 3;

    private final JdbcClient jdbc;

    MonthlyPartitions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(cron = "0 17 3 * * *", zone = "UTC")
    void createAhead() {
        jdbc.sql("select ledger_partitions_ahead(?)").param(MONTHS_AHEAD).query().listOfRows();
    }
}
