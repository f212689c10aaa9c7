package dev.rung.task;

import java.util.List;

/**
 * A check after the machine checks, for the answers they pass: a second model call that judges the
 * draft against the input under a strict {@code {verdict, reason}} schema, or a second sample of
 * the same model that must agree on the named fields. Either is an attempt of its own, paid for and
 * on record ({@code verified} or {@code verifier_rejected}); a rejected draft escalates like a
 * failed check. By default it runs on every rung but the last, where a rejection could only fail
 * the task.
 */
public sealed interface Verification {

    /** Whether the draft of the ladder's last rung is verified too. */
    boolean onLastRung();

    /** No verification: a draft that passes the checks is accepted. */
    record None() implements Verification {
        public boolean onLastRung() {
            return false;
        }
    }

    /**
     * A judge model (cheaper or stronger than the draft's) reads the task's instructions, the input
     * and the draft, and answers {@code accept} or {@code reject} with a reason.
     *
     * @param instructions what to look for, beyond the task's own instructions; may be empty
     */
    record ModelJudge(String model, String instructions, boolean onLastRung)
            implements Verification {}

    /** The same model asked again; the two answers must agree on {@code agreeOn}. */
    record SelfConsistency(List<String> agreeOn, boolean onLastRung) implements Verification {}
}
