package dev.rung.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy all of the machine's cores were between two readings of {@code /proc/stat} (Linux; NaN
 * elsewhere).
 */
record MachineCpu(long busy, long total) {

    static MachineCpu now() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new MachineCpu(total - idle, total);
        } catch (java.io.IOException | RuntimeException notLinux) {
            return new MachineCpu(-1, -1);
        }
    }

    /** The share of the machine's CPU time spent busy since this reading, 0 to 1. */
    double busySince() {
        MachineCpu later = now();
        if (total < 0 || later.total() <= total) {
            return Double.NaN;
        }
        return (double) (later.busy() - busy) / (later.total() - total);
    }
}
