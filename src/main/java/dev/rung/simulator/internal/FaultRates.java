package dev.rung.simulator.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Probabilities (0..1) of each kind of bad outcome for one model and task type. At most one answer
 * fault and, independently, at most one transport fault is drawn per call.
 *
 * <p>With strict structured outputs (every request Rung sends) a model cannot answer invalid JSON,
 * leave out a field or use a value outside an enum: {@code schemaInvalid}, {@code missingFields}
 * and {@code labelOutside} apply only to requests without {@code strict: true}, and in strict mode
 * their share of calls is answered correctly. What a strict-mode model gets wrong is the rest: an
 * answer that is valid but {@code wrong} (its confidence drawn from the wrong answers' range of the
 * scenario's {@link ConfidenceCurve}), a {@code ruleViolation} the schema allows (a reason too
 * long, a tag twice, a tier that does not follow from the score...), a right answer with {@code
 * lowConfidence}, a {@code refusal}, or a {@code truncation} at the output token limit; and on a
 * call with sources to cite ({@link SimulatedCitations}), a {@code citationUnknown}, a {@code
 * misquote} or a {@code citationMissing}, which a call without sources answers correctly.
 */
public record FaultRates(
        double wrong,
        double schemaInvalid,
        double missingFields,
        double labelOutside,
        double lowConfidence,
        double refusal,
        double truncation,
        double rateLimited,
        double serverError,
        double timeout,
        double ruleViolation,
        double citationUnknown,
        double misquote,
        double citationMissing) {

    public static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * From the admin API's JSON: a rate left out is 0, so a scenario written before a fault existed
     * still reads.
     */
    @JsonCreator
    static FaultRates fromJson(
            @JsonProperty("wrong") Double wrong,
            @JsonProperty("schemaInvalid") Double schemaInvalid,
            @JsonProperty("missingFields") Double missingFields,
            @JsonProperty("labelOutside") Double labelOutside,
            @JsonProperty("lowConfidence") Double lowConfidence,
            @JsonProperty("refusal") Double refusal,
            @JsonProperty("truncation") Double truncation,
            @JsonProperty("rateLimited") Double rateLimited,
            @JsonProperty("serverError") Double serverError,
            @JsonProperty("timeout") Double timeout,
            @JsonProperty("ruleViolation") Double ruleViolation,
            @JsonProperty("citationUnknown") Double citationUnknown,
            @JsonProperty("misquote") Double misquote,
            @JsonProperty("citationMissing") Double citationMissing) {
        return new FaultRates(
                orZero(wrong),
                orZero(schemaInvalid),
                orZero(missingFields),
                orZero(labelOutside),
                orZero(lowConfidence),
                orZero(refusal),
                orZero(truncation),
                orZero(rateLimited),
                orZero(serverError),
                orZero(timeout),
                orZero(ruleViolation),
                orZero(citationUnknown),
                orZero(misquote),
                orZero(citationMissing));
    }

    private static double orZero(Double rate) {
        return rate == null ? 0 : rate;
    }

    /**
     * The answer fault for a uniform draw {@code u} in [0,1), or {@link AnswerFault#NONE}. The draw
     * is the same with and without strict mode, so a strict request gets the same fault as a loose
     * one except where strict mode rules it out.
     */
    AnswerFault answerFault(double u, boolean strict) {
        double[] rates = {
            wrong,
            schemaInvalid,
            missingFields,
            labelOutside,
            lowConfidence,
            refusal,
            truncation,
            ruleViolation,
            citationUnknown,
            misquote,
            citationMissing
        };
        AnswerFault[] faults = {
            AnswerFault.WRONG,
            AnswerFault.SCHEMA_INVALID,
            AnswerFault.MISSING_FIELDS,
            AnswerFault.LABEL_OUTSIDE,
            AnswerFault.LOW_CONFIDENCE,
            AnswerFault.REFUSAL,
            AnswerFault.TRUNCATION,
            AnswerFault.RULE_VIOLATION,
            AnswerFault.CITATION_UNKNOWN,
            AnswerFault.MISQUOTE,
            AnswerFault.CITATION_MISSING
        };
        double cumulative = 0;
        for (int i = 0; i < rates.length; i++) {
            cumulative += rates[i];
            if (u < cumulative) {
                return strict && faults[i].breaksTheSchema() ? AnswerFault.NONE : faults[i];
            }
        }
        return AnswerFault.NONE;
    }

    /**
     * The transport fault for a uniform draw {@code u} in [0,1), or {@link TransportFault#NONE}.
     */
    TransportFault transportFault(double u) {
        if (u < rateLimited) {
            return TransportFault.RATE_LIMITED;
        }
        if (u < rateLimited + serverError) {
            return TransportFault.SERVER_ERROR;
        }
        if (u < rateLimited + serverError + timeout) {
            return TransportFault.TIMEOUT;
        }
        return TransportFault.NONE;
    }

    enum AnswerFault {
        NONE,
        WRONG,
        SCHEMA_INVALID,
        MISSING_FIELDS,
        LABEL_OUTSIDE,
        LOW_CONFIDENCE,
        REFUSAL,
        TRUNCATION,
        RULE_VIOLATION,
        /** A grounded answer cites a passage it was not given (a call without sources: none). */
        CITATION_UNKNOWN,
        /** A grounded answer's quote (and the figure it answers with) is not the passage's. */
        MISQUOTE,
        /** A grounded answer gives its claims without citations. */
        CITATION_MISSING;

        /** Faults that strict structured outputs make impossible. */
        boolean breaksTheSchema() {
            return this == SCHEMA_INVALID || this == MISSING_FIELDS || this == LABEL_OUTSIDE;
        }
    }

    enum TransportFault {
        NONE,
        RATE_LIMITED,
        SERVER_ERROR,
        TIMEOUT
    }
}
