package dev.rung.simulator.internal;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The simulator's beans without the rest of Rung. Deliberately not a {@code @Configuration}: Rung's
 * own component scan must not pick it up, only {@link dev.rung.simulator.SimulatorServer} starts
 * it.
 */
@EnableAutoConfiguration(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
            // The stand-alone simulator, like a test double of OpenAI, accepts any API key.
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"
        })
@EnableConfigurationProperties(SimulatorProperties.class)
@Import({
    ChatCompletionsSimulator.class,
    SimulatedFiles.class,
    FilesSimulator.class,
    SimulatedBatches.class,
    BatchesSimulator.class,
    SimulatedContent.class,
    TruthController.class,
    ScenarioController.class,
    ScenarioHolder.class,
    PromptCache.class,
    RateWindow.class,
    SimulatorStats.class
})
public class StandaloneSimulator {}
