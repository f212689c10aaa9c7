package dev.rung.simulator.internal;

/**
 * Probabilities (0..1) of each kind of bad outcome for one model and task type. At most one answer
 * fault and, independently, at most one transport fault is drawn per call.
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
        double timeout) {

    public static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The answer fault for a uniform draw {@code u} in [0,1), or {@link AnswerFault#NONE}. */
    AnswerFault answerFault(double u) {
        double[] rates = {
            wrong, schemaInvalid, missingFields, labelOutside, lowConfidence, refusal, truncation
        };
        AnswerFault[] faults = {
            AnswerFault.WRONG,
            AnswerFault.SCHEMA_INVALID,
            AnswerFault.MISSING_FIELDS,
            AnswerFault.LABEL_OUTSIDE,
            AnswerFault.LOW_CONFIDENCE,
            AnswerFault.REFUSAL,
            AnswerFault.TRUNCATION
        };
        double cumulative = 0;
        for (int i = 0; i < rates.length; i++) {
            cumulative += rates[i];
            if (u < cumulative) {
                return faults[i];
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
        TRUNCATION
    }

    enum TransportFault {
        NONE,
        RATE_LIMITED,
        SERVER_ERROR,
        TIMEOUT
    }
}
