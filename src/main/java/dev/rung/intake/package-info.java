/**
 * Where a task enters Rung: {@code POST /v1/tasks/{type}} and {@code GET /v1/tasks/{taskId}}.
 * Validates the typed request, enforces the Idempotency-Key contract, routes the task and answers
 * with the whole story of its attempts. Every error is an RFC 9457 problem with a stable {@code
 * type}; nothing is stored for a rejected request.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Intake",
        allowedDependencies = {
            "cache",
            "gateway",
            "delivery",
            "experiments",
            "knowledge",
            "ledger",
            "routing",
            "task",
            "web"
        })
package dev.rung.intake;
