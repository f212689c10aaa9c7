package dev.rung.ledger.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code --rung.migrate-and-exit=true}: start, let Flyway apply the migrations, and exit. The Helm
 * chart runs this once per release in a hook Job, so replicas never race to migrate.
 */
@Component
@ConditionalOnBooleanProperty("rung.migrate-and-exit")
class MigrateAndExit implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(MigrateAndExit.class);

    private final ApplicationContext context;

    MigrateAndExit(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        log.info("Migrations applied; exiting as asked (rung.migrate-and-exit)");
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
