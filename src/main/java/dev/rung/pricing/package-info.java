/**
 * What a model call cost. Prices per 1M tokens (input, cached input, output) live in the {@code
 * model_price} table with the date they take effect, so a price change never rewrites history. An
 * unknown price gives no cost (NULL in the ledger) and a warning, never a guess.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Pricing",
        allowedDependencies = {})
package dev.rung.pricing;
