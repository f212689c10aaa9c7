/**
 * Bulk jobs: {@code POST /v1/jobs/{type}} takes NDJSON or CSV of inputs for one task type and runs
 * their first rung through the provider's Batch API at half price: Rung writes a JSONL line per
 * task (its {@code custom_id} the task's id), uploads it, creates the batch, polls it, reads the
 * output and error files, checks every answer and sends the tasks whose answer failed a check up
 * the usual synchronous ladder. What an expired batch left is resubmitted in a new one. Every input
 * is a task of the ledger, its batch line an attempt at batch prices; results come back as NDJSON
 * or CSV and through the write-back of a webhook source where the job names one.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Bulk jobs",
        allowedDependencies = {"delivery", "gateway", "intake", "ledger", "routing", "task", "web"})
package dev.rung.jobs;
