package dev.rung.bench;

import dev.rung.task.LeadClassificationRequest;
import dev.rung.task.RenderedPrompt;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One lead, as a task for Rung and as the very call Rung makes for it: the same rendered prompt, output schema and
 * parameters, built by Rung's own task catalog from its own configuration.
 */
final class SameCall {

    private final TaskDefinition lead;
    private final JsonMapper json = JsonMapper.builder().build();

    SameCall() {
        try (ConfigurableApplicationContext tasks = new SpringApplicationBuilder(TaskModule.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off", "logging.level.root=warn").run()) {
            lead = tasks.getBean(TaskCatalog.class).definition(TaskType.LEAD_CLASSIFICATION);
        }
    }

    private static String task(int rate, long n) {
        return """
                {"subjectId":"b-%d-%d","lead":{"email":"p%d@bench%d.example","message":"Pricing for %d seats?"}}"""
                .formatted(rate, n, n, rate, n);
    }

    HttpRequest throughRung(int port, int rate, long n) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tasks/lead-classification"))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json").header("X-API-Key", "rung-local-dev-key")
                .POST(HttpRequest.BodyPublishers.ofString(task(rate, n))).build();
    }

    /** The Chat Completions call Rung sends to its first rung (gpt-5.4-nano) for the same lead. */
    HttpRequest direct(int port, int rate, long n) {
        RenderedPrompt prompt = lead.render(json.readValue(task(rate, n), LeadClassificationRequest.class));
        var nodes = JsonNodeFactory.instance;
        ObjectNode body = nodes.objectNode();
        body.putArray("messages")
                .add(nodes.objectNode().put("content", prompt.system()).put("role", "system"))
                .add(nodes.objectNode().put("content", prompt.user()).put("role", "user"));
        body.put("model", "gpt-5.4-nano");
        body.put("max_completion_tokens", lead.maxOutputTokens());
        body.put("prompt_cache_key", prompt.cacheKey());
        body.put("reasoning_effort", "none");
        ObjectNode schema = body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        schema.put("name", lead.schemaName()).put("strict", true).set("schema", lead.outputSchema());
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sk-bench")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /** Rung's task module alone, with its configuration: enough to render prompts. */
    @Configuration
    @ComponentScan("dev.rung.task")
    @ConfigurationPropertiesScan("dev.rung.task")
    @ImportAutoConfiguration(JacksonAutoConfiguration.class)
    static class TaskModule {
    }
}
