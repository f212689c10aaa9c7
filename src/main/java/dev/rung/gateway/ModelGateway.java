package dev.rung.gateway;

/** Calls one model once. Never retries: retrying and escalating is the router's decision. */
public interface ModelGateway {

    ModelOutcome call(ModelRequest request);

    /**
     * The default provider: {@code openai}, or {@code simulator} without an API key. It serves
     * every model no other configured provider lists, and the Batch API.
     */
    String provider();

    /** The provider that serves {@code model}, as stored with its attempts. */
    String provider(String model);

    /**
     * Whether the default provider is Rung's built-in simulator: every task and response says so.
     */
    default boolean simulated() {
        return "simulator".equals(provider());
    }
}
