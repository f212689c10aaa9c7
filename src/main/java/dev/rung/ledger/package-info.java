/**
 * The ledger: every task and every attempt in PostgreSQL ({@code task}, {@code attempt}), for
 * analysts to query with plain SQL. {@link dev.rung.ledger.TaskLedger} is the only way in. An
 * attempt is committed as in flight before its call leaves Rung and completed when the call ends,
 * so a call that was paid for is on record whatever happens to the process; what a stopped instance
 * leaves in flight is ended by the recovery of another (or of its own restart). Rows are written by
 * one group-committing writer; the only other writes are a worker's claim of queued tasks (which
 * must return the rows it locks), a webhook's queued task (stored in its caller's transaction), and
 * the privacy module's erasure and retention, which blank personal data in place.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Ledger",
        allowedDependencies = {"budgets", "instance", "web"})
package dev.rung.ledger;
