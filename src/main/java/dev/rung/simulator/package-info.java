/**
 * An OpenAI-wire-compatible model simulator ({@code POST /simulator/v1/chat/completions}) that Rung
 * serves itself and uses when no OpenAI API key is set. Deterministic for a seed and input; per
 * model it has an output speed, a time to first token, and per task type the rates of every kind of
 * bad answer and provider error. For the built-in task types it derives a plausible true answer
 * from the input, so quality can be measured. Its scenario can be changed at runtime ({@code
 * /v1/admin/simulator/scenario}). It knows nothing of Rung's internals: like a real model it only
 * sees the request (messages, response schema, cache key).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Model simulator",
        allowedDependencies = {"tokens"})
package dev.rung.simulator;
