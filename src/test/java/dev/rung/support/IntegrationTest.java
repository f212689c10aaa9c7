package dev.rung.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole service on a real port, a real (embedded) PostgreSQL,
 * and the built-in simulator reached over real HTTP through the OpenAI client. All subclasses share
 * one context. The port is chosen before the context starts because the service's OpenAI client
 * must know where its own simulator listens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest extends ServiceClient {

    private static final int PORT = freePort();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }
}
