/**
 * The response cache: the same task type, prompt version, policy and normalised input get the
 * stored answer without a model call. Shared by replicas through PostgreSQL, with an in-process
 * Caffeine front.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Response cache",
        allowedDependencies = {})
package dev.rung.cache;
