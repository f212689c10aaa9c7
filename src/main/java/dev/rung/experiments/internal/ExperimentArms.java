package dev.rung.experiments.internal;

import dev.rung.web.ProblemException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The arms a create request asks for: checked, named and given their shares. */
final class ExperimentArms {

    private static final java.util.regex.Pattern ARM_NAME =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final BigDecimal MIN_SHARE = new BigDecimal("0.01");

    private ExperimentArms() {}

    /** Control first, then the treatments; shares add up to exactly 1. */
    static List<ExperimentArm> of(ExperimentRequests.Create request) {
        List<ExperimentRequests.Treatment> treatments = treatments(request);
        boolean sharesGiven = treatments.stream().anyMatch(t -> t.share() != null);
        if (sharesGiven && treatments.stream().anyMatch(t -> t.share() == null)) {
            throw ProblemException.invalidField(
                    "treatments", "give a share for every treatment or for none");
        }
        BigDecimal equal =
                BigDecimal.ONE.divide(
                        BigDecimal.valueOf(treatments.size() + 1L), 4, RoundingMode.DOWN);
        List<ExperimentArm> arms = new ArrayList<>();
        Set<String> names = new HashSet<>(Set.of(ExperimentArm.CONTROL));
        BigDecimal treatmentTotal = BigDecimal.ZERO;
        for (int i = 0; i < treatments.size(); i++) {
            var t = treatments.get(i);
            String name = armName(t, treatments.size());
            if (!ARM_NAME.matcher(name).matches()) {
                throw ProblemException.invalidField(
                        "treatments[" + i + "].arm",
                        "is needed: the policy's name is not an arm name (lower case, digits,"
                                + " hyphens)");
            }
            if (!names.add(name)) {
                throw ProblemException.invalidField(
                        "treatments[" + i + "].arm",
                        "names an arm twice (control is taken); give each treatment its own arm");
            }
            BigDecimal share = t.share() != null ? t.share() : equal;
            treatmentTotal = treatmentTotal.add(share);
            arms.add(new ExperimentArm(name, t.policy(), share, null));
        }
        BigDecimal controlShare = BigDecimal.ONE.subtract(treatmentTotal);
        if (controlShare.compareTo(MIN_SHARE) < 0) {
            throw ProblemException.invalidField(
                    "treatments", "shares add up to " + treatmentTotal + "; leave control 0.01");
        }
        arms.addFirst(
                new ExperimentArm(
                        ExperimentArm.CONTROL, request.controlPolicy(), controlShare, null));
        return List.copyOf(arms);
    }

    /** The request's field that names the policy of its {@code index}-th treatment. */
    static String policyField(ExperimentRequests.Create request, int index) {
        return request.treatments() == null
                ? "treatmentPolicy"
                : "treatments[" + index + "].policy";
    }

    private static List<ExperimentRequests.Treatment> treatments(
            ExperimentRequests.Create request) {
        boolean one = request.treatmentPolicy() != null && !request.treatmentPolicy().isBlank();
        boolean several = request.treatments() != null;
        if (one == several) {
            throw ProblemException.invalidField(
                    several ? "treatments" : "treatmentPolicy",
                    "give either treatmentPolicy (two arms) or treatments (one or more), not both");
        }
        if (one) {
            BigDecimal share =
                    request.treatmentShare() == null
                            ? new BigDecimal("0.5")
                            : request.treatmentShare();
            return List.of(
                    new ExperimentRequests.Treatment(
                            ExperimentArm.TREATMENT, request.treatmentPolicy(), share));
        }
        if (request.treatmentShare() != null) {
            throw ProblemException.invalidField(
                    "treatmentShare", "give each treatment its share in treatments instead");
        }
        return request.treatments();
    }

    /**
     * A lone treatment is "treatment" unless named; several are named by their policies, with what
     * an arm name cannot hold (a learned router's colon and at sign) made hyphens.
     */
    private static String armName(ExperimentRequests.Treatment t, int count) {
        if (t.arm() != null) {
            return t.arm();
        }
        return count == 1
                ? ExperimentArm.TREATMENT
                : t.policy().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }
}
