package dev.rung.support;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.List;

/**
 * The container path of {@link TestDatabase}: every test context gets a PostgreSQL container bound
 * with {@code @ServiceConnection} (Boot starts it with the context and points the DataSource at
 * it), and the embedded server is not started. Registered for all test contexts in {@code
 * META-INF/spring.factories}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ContainerDatabase {

    @Bean
    @ServiceConnection
    PostgreSQLContainer postgres() {
        return new PostgreSQLContainer(TestDatabase.IMAGE);
    }

    /** Adds {@link ContainerDatabase} to a test context when the switch says container. */
    public static class Factory implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(
                Class<?> testClass, List<ContextConfigurationAttributes> configurationAttributes) {
            return TestDatabase.usesContainer() ? new Customizer() : null;
        }
    }

    /** Equal to every other: contexts that differ in nothing else are still shared. */
    record Customizer() implements ContextCustomizer {

        @Override
        public void customizeContext(
                ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            ((BeanDefinitionRegistry) context.getBeanFactory())
                    .registerBeanDefinition(
                            "rungContainerDatabase",
                            new RootBeanDefinition(ContainerDatabase.class));
        }
    }
}
