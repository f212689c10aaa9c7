package dev.rung.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

import java.util.Locale;

/**
 * Where the integration tests' PostgreSQL comes from, decided once per test JVM by one switch:
 * {@code rung.test.database} (a system property, e.g. {@code ./mvnw verify
 * -Drung.test.database=container}) or the environment variable {@code RUNG_TEST_DATABASE}. {@code
 * container}: a Testcontainers PostgreSQL, bound with {@code @ServiceConnection}, and no Docker
 * engine is an error. {@code embedded}: the embedded binaries Rung's {@code localdb} starts. {@code
 * auto} (the default): a container where a Docker engine answers, else the embedded binaries. The
 * choice is logged once.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    /** The PostgreSQL of production: the same major version as the embedded binaries. */
    public static final String IMAGE = "postgres:17-alpine";

    private static final boolean CONTAINER = decide();

    private TestDatabase() {}

    public static boolean usesContainer() {
        return CONTAINER;
    }

    private static boolean decide() {
        String setting =
                System.getProperty(
                        "rung.test.database",
                        System.getenv().getOrDefault("RUNG_TEST_DATABASE", "auto"));
        boolean container =
                switch (setting.toLowerCase(Locale.ROOT)) {
                    case "container" -> true;
                    case "embedded" -> false;
                    case "auto" -> dockerAvailable();
                    default ->
                            throw new IllegalStateException(
                                    "rung.test.database is '"
                                            + setting
                                            + "'; use container, embedded or auto");
                };
        if (container) {
            // Read before any context starts: Rung's localdb then leaves the embedded server alone.
            System.setProperty("rung.local-database.enabled", "false");
        }
        log.info(
                container
                        ? "Integration tests take PostgreSQL from a Testcontainers container ({}),"
                                + " rung.test.database={}"
                        : "Integration tests take PostgreSQL from the embedded binaries (no"
                                + " container: {} not used), rung.test.database={}",
                IMAGE,
                setting);
        return container;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }
}
