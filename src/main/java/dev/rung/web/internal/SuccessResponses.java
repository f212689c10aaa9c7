package dev.rung.web.internal;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;

import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.core.ResolvableType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.HandlerMethod;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An operation that documents its errors at class level (one {@code @ApiResponse} per controller)
 * loses springdoc's generated success response. This puts it back from the handler's return type (a
 * {@code ResponseEntity}'s body type; its {@code @ResponseStatus}, else 200), with the schemas it
 * refers to, so the document says what every endpoint answers when it works.
 */
@Component
class SuccessResponses implements GlobalOperationCustomizer, GlobalOpenApiCustomizer {

    @SuppressWarnings("rawtypes")
    private final Map<String, Schema> referenced = new ConcurrentHashMap<>();

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        var responses = operation.getResponses();
        if (responses == null
                || responses.keySet().stream().anyMatch(code -> code.startsWith("2"))) {
            return operation;
        }
        ResponseStatus status = handler.getMethodAnnotation(ResponseStatus.class);
        String code = status == null ? "200" : String.valueOf(status.code().value());
        ResolvableType type = ResolvableType.forMethodReturnType(handler.getMethod());
        if (ResponseEntity.class.isAssignableFrom(type.toClass())) {
            type = type.getGeneric(0);
        }
        ApiResponse success = new ApiResponse().description("OK");
        Class<?> raw = type.toClass();
        if (raw != void.class && raw != Void.class && raw != Object.class) {
            Type generic = type.getType();
            ResolvedSchema resolved =
                    ModelConverters.getInstance()
                            .resolveAsResolvedSchema(new AnnotatedType(generic).resolveAsRef(true));
            if (resolved != null && resolved.schema != null) {
                if (resolved.referencedSchemas != null) {
                    referenced.putAll(resolved.referencedSchemas);
                }
                success.content(
                        new Content()
                                .addMediaType(
                                        org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                        new MediaType().schema(resolved.schema)));
            }
        }
        responses.addApiResponse(code, success);
        return operation;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            return;
        }
        if (api.getComponents().getSchemas() == null) {
            api.getComponents().setSchemas(new TreeMap<>());
        }
        referenced.forEach(
                (name, schema) -> api.getComponents().getSchemas().putIfAbsent(name, schema));
    }
}
