package dev.rung.web.internal;

import dev.rung.web.ProblemType;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description of the OpenAPI document served at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static {
        // A JSON value Rung passes through (a task's input and answer, evidence) is any JSON in the
        // contract, not the bean properties of the Jackson tree that holds it.
        org.springdoc.core.utils.SpringDocUtils.getConfig()
                .replaceWithSchema(
                        tools.jackson.databind.JsonNode.class,
                        new io.swagger.v3.oas.models.media.Schema<Object>()
                                .description("Any JSON value"))
                .replaceWithSchema(
                        tools.jackson.databind.node.ObjectNode.class,
                        new io.swagger.v3.oas.models.media.ObjectSchema()
                                .description("A JSON object"));
    }

    /**
     * springdoc still lists the Jackson tree's bean properties as a component of its own, which no
     * operation refers to once JSON values are any JSON; a generated client would get a class for
     * it.
     */
    @Bean
    org.springdoc.core.customizers.OpenApiCustomizer withoutJacksonTreeComponent() {
        return api -> {
            if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
                api.getComponents().getSchemas().remove("JsonNode");
            }
        };
    }

    @Bean
    OpenAPI rungApi() {
        return new OpenAPI()
                .info(
                        new Info()
                                .title("Rung")
                                .version("v1")
                                .description(
                                        """
                                        Routes business LLM tasks up a ladder of models, cheapest first, escalating only when a \
                                        machine check fails, and stores every attempt with its tokens and cost. Errors are RFC 9457 \
                                        problem documents whose `type` is one of https://rung.dev/problems/{%s}; each has a named \
                                        example under components/examples. REST calls need an API key in the X-API-Key header with \
                                        the endpoint's scope. A 429 carries Retry-After.\
                                        """
                                                .formatted(
                                                        String.join(
                                                                ", ",
                                                                java.util.Arrays.stream(
                                                                                ProblemType
                                                                                        .values())
                                                                        .map(ProblemType::slug)
                                                                        .toList())))
                                .license(
                                        new License()
                                                .name("Proprietary")
                                                .identifier("LicenseRef-Proprietary")))
                .components(
                        new Components()
                                .addSecuritySchemes(
                                        "apiKey",
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.APIKEY)
                                                .in(SecurityScheme.In.HEADER)
                                                .name("X-API-Key")
                                                .description(
                                                        "Scopes: tasks:write, tasks:read,"
                                                            + " task-types:admin,"
                                                            + " experiments:admin, readouts:read,"
                                                            + " feedback:write, admin. Webhooks"
                                                            + " authenticate by signature"
                                                            + " instead.")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
