package dev.rung.experiments.internal;

import java.util.Locale;

/** The two arms of an experiment; stored and shown as the lower-case name. */
enum Arm {
    CONTROL,
    TREATMENT;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Arm of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wire();
    }
}
