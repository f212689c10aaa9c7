package dev.rung.ledger.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This running instance: a new id at every start, and a name that survives restarts (the host name unless
 * {@code rung.instance.name} says otherwise), so that a restarted instance knows the leftovers of its predecessor.
 */
@Component
class LedgerInstance {

    private final UUID id = UUID.randomUUID();
    private final String name;

    LedgerInstance(@Value("${rung.instance.name:}") String configured) {
        this.name = configured.isBlank() ? hostName() : configured;
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "rung";
        }
    }
}
