/**
 * Machine checks of a model's answer. {@link dev.rung.checks.AnswerChecker} turns one answer into
 * exactly one {@link dev.rung.checks.CheckOutcome}, with the evidence a person needs to see why it
 * failed. A failed check is a property of the answer, never of the provider: it escalates, it never
 * trips a breaker.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Answer checks",
        allowedDependencies = {"task"})
package dev.rung.checks;
