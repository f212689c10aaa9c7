/**
 * Token counting as OpenAI bills it (o200k_base and the per-message framing): shared by the router,
 * which estimates a call before it is made, and by the simulator, which answers with the usage a
 * provider would report. It depends on no other module, so the simulator can stand in for a
 * provider without reaching into Rung.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Tokens",
        allowedDependencies = {})
package dev.rung.tokens;
