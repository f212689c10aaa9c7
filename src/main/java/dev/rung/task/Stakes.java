package dev.rung.task;

/**
 * What makes a task high-stakes (Tier A). Any flag set routes the task away from the cheapest
 * models. Absent flags mean "no".
 */
public record Stakes(
        Boolean customerFacing,
        Boolean pricingSensitive,
        Boolean complianceRisk,
        Boolean needsFreshKnowledge) {

    public static final Stakes NONE = new Stakes(false, false, false, false);

    public boolean anySet() {
        return isTrue(customerFacing)
                || isTrue(pricingSensitive)
                || isTrue(complianceRisk)
                || isTrue(needsFreshKnowledge);
    }

    /**
     * A flag is set when either side sets it: a task type's own stakes cannot be switched off by a
     * caller.
     */
    public Stakes or(Stakes other) {
        if (other == null) {
            return this;
        }
        return new Stakes(
                isTrue(customerFacing) || isTrue(other.customerFacing),
                isTrue(pricingSensitive) || isTrue(other.pricingSensitive),
                isTrue(complianceRisk) || isTrue(other.complianceRisk),
                isTrue(needsFreshKnowledge) || isTrue(other.needsFreshKnowledge));
    }

    private static boolean isTrue(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }
}
