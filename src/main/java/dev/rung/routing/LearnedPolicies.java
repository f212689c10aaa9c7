package dev.rung.routing;

import java.util.Optional;

/** Where learned policies come from (the routers module); routing only asks by name. */
public interface LearnedPolicies {

    /** The prefix of every learned policy's name. */
    String PREFIX = "learned:";

    /** A trained router version by its policy name, {@code learned:<router>@<version>}. */
    Optional<LearnedPolicy> find(String name);
}
