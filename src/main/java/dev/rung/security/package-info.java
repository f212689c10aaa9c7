/**
 * Who may call what. REST callers authenticate with an API key ({@code X-API-Key}; stored hashed,
 * shown once), each key carrying scopes: {@code tasks:write}, {@code tasks:read}, {@code
 * task-types:admin}, {@code experiments:admin}, {@code readouts:read}, {@code feedback:write},
 * {@code admin}. Webhooks authenticate by their signatures. In development a documented local key
 * exists; with the {@code prod} profile Rung refuses to start until a key exists.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Security",
        allowedDependencies = {"web"})
package dev.rung.security;
