package dev.rung.security.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class KeyBootstrapTest {

    @Test
    void productionRefusesToStartWithoutAnyKey() {
        var production = new MockEnvironment();
        production.setActiveProfiles("prod");

        assertThatThrownBy(() -> new KeyBootstrap(keys(0), production, "dev-key", "", ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start in production without authentication");
        assertThatCode(() -> new KeyBootstrap(keys(1), production, "dev-key", "", ""))
                .doesNotThrowAnyException();
        assertThatCode(() -> new KeyBootstrap(keys(0), new MockEnvironment(), "dev-key", "", ""))
                .doesNotThrowAnyException();
    }

    private static ApiKeys keys(long active) {
        return new ApiKeys(null) {
            @Override
            long active() {
                return active;
            }
        };
    }
}
