package dev.rung.instance;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This running instance: a new id at every start, and a name that survives restarts (the host name
 * unless {@code rung.instance.name} says otherwise), so that a restarted instance knows the
 * leftovers of its predecessor. What an instance holds in the database (running tasks, budget
 * reservations) carries its id.
 */
@Component
public class RungInstance {

    private final UUID id = UUID.randomUUID();
    private final String name;

    public RungInstance(@Value("${rung.instance.name:}") String configured) {
        this.name = configured.isBlank() ? hostName() : configured;
    }

    public UUID id() {
        return id;
    }

    public String name() {
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
