package dev.rung.support;

/**
 * Leads of four kinds, as a small model meets them: short English ones (two in five), long ones,
 * ones not in English and ones from large companies (one in five each). The content depends on the
 * index alone, so the simulator's answers to them are the same on every run.
 */
public final class LeadMix {

    /** The simulator's rule for hard inputs that matches the three hard kinds. */
    public static final String HARD_RULE =
            "{\"longerThan\":600,\"nonEnglish\":true,\"largeCompanyFrom\":1000}";

    private static final String[] FOREIGN = {
        "Wir brauchen ein Angebot für %d Lizenzen, bitte mit Preisen für unser Team in München.",
        "Necesitamos una cotización para %d licencias, ¿pueden enviarnos los precios pronto?",
        "Nous aimerions recevoir un devis pour %d licences, avec les tarifs détaillés s'il vous"
                + " plaît.",
    };

    private static final String LONG_CONTEXT =
            " We are currently evaluating several vendors as part of a wider programme to"
                    + " consolidate our revenue tooling, and our procurement team has asked every"
                    + " shortlisted supplier for the same information: security documentation,"
                    + " data residency options, an outline of the onboarding plan, references from"
                    + " customers of a similar size, and the commercial terms for a multi-year"
                    + " agreement including any discounts for annual prepayment.";

    private LeadMix() {}

    /** Whether the lead at this index is one of the hard kinds. */
    public static boolean hard(int i) {
        return i % 5 >= 2;
    }

    public static String lead(String batch, int i) {
        int seats = 5 + (i * 7) % 90;
        int size = 20 + (i * 13) % 400;
        String message = "Can we get pricing for " + seats + " seats?";
        String title = i % 3 == 0 ? "Head of Sales" : i % 3 == 1 ? "VP Revenue" : "Sales Manager";
        switch (i % 5) {
            case 2 -> message = message + LONG_CONTEXT + LONG_CONTEXT;
            case 3 -> message = FOREIGN[(i / 5) % FOREIGN.length].formatted(seats);
            case 4 -> size = 2_000 + (i * 977) % 40_000;
            default -> {}
        }
        return """
        {"subjectId":"%s-%d","lead":{"email":"buyer%d@firm%d.com","company":"Firm %d","title":"%s",
         "companySize":%d,"message":"%s"}}\
        """
                .formatted(batch, i, i, i, i, title, size, message);
    }
}
