package dev.rung.gateway;

/**
 * OpenAI's processing tier of a call ({@code service_tier}): the standard one, or flex — batch
 * prices on a synchronous call, slower, and answered 429 when flex capacity is short — or a line of
 * a Batch API job, which is never sent as a synchronous call and carries no {@code service_tier}.
 */
public enum ServiceTier {
    STANDARD("default"),
    FLEX("flex"),
    BATCH("batch");

    private final String wire;

    ServiceTier(String wire) {
        this.wire = wire;
    }

    /** As the API and the {@code model_price.service_tier} column spell it. */
    public String wire() {
        return wire;
    }
}
