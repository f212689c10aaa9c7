package dev.rung.localdb.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the embedded PostgreSQL before the application context exists and points {@code
 * spring.datasource.*} at it, so Boot's own DataSource, Flyway and JPA set-up work unchanged. One
 * server per JVM: test contexts share it. It stops when the JVM exits.
 *
 * <p>Settings: {@code rung.local-database.enabled} (default true), {@code .data-directory} (default
 * {@code .rung/postgres}), {@code .port} (default 15432; 0 picks a free one), {@code .ephemeral} (a
 * fresh, throw-away database: for tests).
 */
public class LocalDatabase implements EnvironmentPostProcessor, Ordered {

    private static EmbeddedPostgres server;

    private final Log log;

    public LocalDatabase(DeferredLogFactory logs) {
        this.log = logs.getLog(LocalDatabase.class);
    }

    @Override
    public void postProcessEnvironment(
            ConfigurableEnvironment environment, SpringApplication application) {
        boolean enabled =
                environment.getProperty("rung.local-database.enabled", Boolean.class, true);
        if (!enabled || StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            return;
        }
        boolean ephemeral =
                environment.getProperty("rung.local-database.ephemeral", Boolean.class, false);
        Path dataDirectory =
                Path.of(
                                environment.getProperty(
                                        "rung.local-database.data-directory", ".rung/postgres"))
                        .toAbsolutePath();
        int port = environment.getProperty("rung.local-database.port", Integer.class, 15432);
        EmbeddedPostgres postgres = start(ephemeral ? null : dataDirectory, port);
        String url = postgres.getJdbcUrl("postgres", "postgres");
        environment
                .getPropertySources()
                .addFirst(
                        new MapPropertySource(
                                "rungLocalDatabase",
                                Map.of(
                                        "spring.datasource.url", url,
                                        "spring.datasource.username", "postgres",
                                        "spring.datasource.password", "")));
        if (ephemeral) {
            log.info("Local PostgreSQL (throw-away) on port " + postgres.getPort());
        } else {
            log.info(
                    "Local PostgreSQL on port "
                            + postgres.getPort()
                            + ", data in "
                            + dataDirectory
                            + " — connect with: psql -h localhost -p "
                            + postgres.getPort()
                            + " -U postgres postgres");
        }
    }

    private static synchronized EmbeddedPostgres start(Path dataDirectory, int port) {
        if (server != null) {
            return server;
        }
        try {
            var builder = EmbeddedPostgres.builder().setPort(port);
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                // Data that outlives the process is flushed at each commit, as on a production
                // server (the
                // embedded server's default is off); a throw-away database keeps the faster
                // default.
                builder.setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setServerConfig("synchronous_commit", "on");
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not start the local PostgreSQL"
                            + (dataDirectory == null ? "" : " in " + dataDirectory)
                            + ". Is another Rung running on port "
                            + port
                            + "? Set SPRING_DATASOURCE_URL to use your own database.",
                    e);
        }
        EmbeddedPostgres started = server;
        Runtime.getRuntime()
                .addShutdownHook(
                        Thread.ofPlatform()
                                .unstarted(
                                        () -> {
                                            try {
                                                // Spring's own shutdown hook runs at the same time:
                                                // let it stop the workers and the connection
                                                // pool first, so nothing is still querying when the
                                                // database goes away.
                                                Thread.sleep(1500);
                                                started.close();
                                            } catch (InterruptedException ignored) {
                                                Thread.currentThread().interrupt();
                                            } catch (IOException ignored) {
                                                // The JVM is exiting; PostgreSQL shuts itself down
                                                // when its parent goes away.
                                            }
                                        }));
        return server;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
