package dev.rung.security.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;

/**
 * Keys at startup. In development (no {@code prod} profile) the documented local key exists with
 * every scope, so the README's commands work at once. With {@code prod}, Rung refuses to start
 * while no key exists: create the first one with {@code --rung.api-keys.create=<name>} (printed
 * once, then Rung exits).
 */
@Component
class KeyBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

    private final ApiKeys keys;
    private final Environment environment;
    private final String devKey;
    private final String createName;
    private final String createScopes;

    KeyBootstrap(
            ApiKeys keys,
            Environment environment,
            @Value("${rung.api-keys.dev-key:rung-local-dev-key}") String devKey,
            @Value("${rung.api-keys.create:}") String createName,
            @Value("${rung.api-keys.scopes:}") String createScopes) {
        this.keys = keys;
        this.environment = environment;
        this.devKey = devKey;
        this.createName = createName;
        this.createScopes = createScopes;
        if (!createName.isBlank()) {
            createAndExit();
        }
        boolean migrating = environment.getProperty("rung.migrate-and-exit", Boolean.class, false);
        if (environment.acceptsProfiles(Profiles.of("prod")) && !migrating && keys.active() == 0) {
            throw new IllegalStateException(
                    "Refusing to start in production without authentication: no API key exists."
                            + " Create one with --rung.api-keys.create=<name>"
                            + " --rung.api-keys.scopes=tasks:write,tasks:read");
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            keys.ensure("local development", List.copyOf(ApiKeys.SCOPES), devKey);
            log.info(
                    "Development mode: call the API with the header  X-API-Key: {}  (never use this"
                            + " key in production)",
                    devKey);
        }
    }

    private void createAndExit() {
        List<String> scopes =
                createScopes.isBlank()
                        ? List.of("tasks:write", "tasks:read")
                        : Arrays.stream(createScopes.split(",")).map(String::trim).toList();
        if (!ApiKeys.SCOPES.containsAll(scopes)) {
            throw new IllegalArgumentException(
                    "Unknown scope in " + scopes + "; known: " + ApiKeys.SCOPES);
        }
        var created = keys.create(createName, scopes);
        System.out.println(
                "API key '"
                        + createName
                        + "' with scopes "
                        + scopes
                        + " (shown once, store it now):");
        System.out.println(created.secret());
        System.exit(0);
    }
}
