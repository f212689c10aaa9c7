package dev.rung.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The adaptive intake limit, on a clock the test moves: it shrinks when Rung's own time per request
 * grows (an overloaded machine) and then sheds what is past it, and it holds when only the waits on
 * the provider grow (a slow provider).
 */
class IntakeLimitTest {

    private final AtomicLong now = new AtomicLong();
    private int shed;
    private IntakeLimit limit;

    @BeforeEach
    void adaptive() {
        var properties =
                new IntakeLimitProperties(
                        500, new IntakeLimitProperties.AdaptiveLimit(true, 200, 20, 2.0));
        limit = new IntakeLimit(IntakeLimit.limitOf(properties), now::get);
    }

    @Test
    void anOverloadedMachineShrinksTheLimitAndWhatIsPastItIsShed() {
        end(busy(1000, Duration.ofMillis(2), Duration.ZERO), Duration.ofMillis(2), Duration.ZERO);
        int settled = limit.limit();

        // Rung's own time per request grows tenfold: its queueing for CPU.
        List<IntakeLimit.Permit> inFlight = busy(30, Duration.ofMillis(20), Duration.ZERO);

        assertThat(limit.limit()).isLessThan(settled).isGreaterThanOrEqualTo(20);
        assertThat(shed).as("requests past the shrunken limit").isPositive();
        assertThat(limit.tryAcquire()).as("past the limit: shed").isEmpty();
        end(inFlight, Duration.ofMillis(20), Duration.ZERO);
    }

    @Test
    void aSlowProviderDoesNotShrinkIt() {
        end(busy(1000, Duration.ofMillis(2), Duration.ZERO), Duration.ofMillis(2), Duration.ZERO);
        int settled = limit.limit();

        // Each request now takes a second longer, all of it waiting on the model.
        busy(30, Duration.ofMillis(1002), Duration.ofMillis(1000));

        assertThat(limit.limit()).isGreaterThanOrEqualTo(settled);
        assertThat(shed).isZero();
    }

    /**
     * {@code samples} requests one after another, each taking {@code took} of which {@code waited}
     * on the provider, while as many others as the limit allows are in flight: a machine under
     * load. The others stay in flight: what the limit lets in next is the test's to see. A request
     * the limit turns away is counted as shed.
     */
    private List<IntakeLimit.Permit> busy(int samples, Duration took, Duration waited) {
        List<IntakeLimit.Permit> others = new ArrayList<>();
        while (limit.inFlight() < limit.limit() - 1) {
            others.add(limit.tryAcquire().orElseThrow());
        }
        for (int i = 0; i < samples; i++) {
            Optional<IntakeLimit.Permit> permit = limit.tryAcquire();
            if (permit.isEmpty()) {
                shed++;
                continue;
            }
            now.addAndGet(took.toNanos());
            limit.release(permit.get(), waited.toNanos(), false);
        }
        return others;
    }

    /** The others end as the requests before them did. */
    private void end(List<IntakeLimit.Permit> others, Duration took, Duration waited) {
        others.forEach(
                other ->
                        limit.release(
                                other,
                                now.get()
                                        - other.startedNanos()
                                        - took.toNanos()
                                        + waited.toNanos(),
                                false));
    }
}
