/**
 * Task types: what a caller may ask Rung to do. Each type has a typed, validated request, a
 * versioned prompt (static instructions first, then the input delimited as untrusted data), a
 * strict output JSON Schema and the business rules its answers must satisfy. Label sets, thresholds
 * and prompts come from configuration ({@code rung.tasks.*}), not code.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Task types",
        allowedDependencies = {"web"})
package dev.rung.task;
