package dev.rung.gateway.internal;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Says on {@code /actuator/info} which provider answers, so the dashboard can mark simulated data
 * as such.
 */
@Component
class ProviderInfo implements InfoContributor {

    private final GatewayProperties properties;

    ProviderInfo(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail(
                "provider",
                Map.of("name", properties.provider(), "simulated", properties.simulated()));
    }
}
