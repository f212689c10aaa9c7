package dev.rung.simulator;

import dev.rung.simulator.internal.StandaloneSimulator;

import org.springframework.boot.SpringApplication;

/**
 * Serves the simulator alone, with no database and no routing, e.g. as the "provider" of a
 * benchmark (its OpenAI base URL {@code http://<host>:<port>/simulator/v1}): {@code ./mvnw
 * spring-boot:run -Dspring-boot.run.main-class=dev.rung.simulator.SimulatorServer
 * -Dspring-boot.run.arguments=--server.port=8089}.
 */
public final class SimulatorServer {

    /**
     * Where the simulated provider's OpenAI paths live: its base URL is {@code
     * <host>/simulator/v1}. Rung itself answers OpenAI's own paths under {@code /v1}.
     */
    public static final String PATH_PREFIX = "/simulator";

    private SimulatorServer() {}

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(StandaloneSimulator.class);
        application.setDefaultProperties(
                java.util.Map.of(
                        "rung.simulator.enabled", "true",
                        "rung.local-database.enabled", "false",
                        "rung.gateway.provider", "simulator",
                        "spring.application.name", "rung-simulator"));
        application.run(args);
    }
}
