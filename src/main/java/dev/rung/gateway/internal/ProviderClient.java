package dev.rung.gateway.internal;

import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;

/** The raw provider call, before rate limits, bulkheads and circuit breakers are applied. */
interface ProviderClient {

    ModelOutcome call(ModelRequest request);

    String provider();
}
