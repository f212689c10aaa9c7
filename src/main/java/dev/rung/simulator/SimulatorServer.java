package dev.rung.simulator;

import dev.rung.simulator.internal.StandaloneSimulator;

import org.springframework.boot.SpringApplication;

/**
 * Serves the simulator alone, with no database and no routing, e.g. as the "provider" of a
 * benchmark: {@code ./mvnw spring-boot:run
 * -Dspring-boot.run.main-class=dev.rung.simulator.SimulatorServer
 * -Dspring-boot.run.arguments=--server.port=8089}.
 */
public final class SimulatorServer {

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
