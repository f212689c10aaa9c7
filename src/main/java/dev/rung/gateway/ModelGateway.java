package dev.rung.gateway;

/** Calls one model once. Never retries: retrying and escalating is the router's decision. */
public interface ModelGateway {

    ModelOutcome call(ModelRequest request);

    /** The provider name stored with every attempt: {@code openai} or {@code simulator}. */
    String provider();

    /** Whether answers come from Rung's built-in simulator: every task and response says so. */
    default boolean simulated() {
        return "simulator".equals(provider());
    }
}
