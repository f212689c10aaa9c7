package dev.rung.intake.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies mean exactly what they say: no number where text is expected (Jackson would quietly turn
 * 42 into "42"), no fractions for counts, no trailing garbage; and text must be storable, so NUL characters
 * and unpaired surrogates (which PostgreSQL's jsonb refuses) are refused up front.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictCoercion() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail));
    }

    /** Fields whose text cannot be stored: NUL characters or unpaired UTF-16 surrogates. */
    static List<Map<String, String>> unstorableText(JsonNode node) {
        List<Map<String, String>> errors = new ArrayList<>();
        walk(node, "", errors);
        return errors;
    }

    private static void walk(JsonNode node, String path, List<Map<String, String>> errors) {
        if (node.isString() && !storable(node.asString())) {
            errors.add(Map.of("field", path.isEmpty() ? "(body)" : path, "message", "contains a NUL character or broken Unicode"));
        }
        node.properties().forEach(p -> walk(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), errors));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", errors);
            }
        }
        if (node.isObject()) {
            node.propertyNames().stream().filter(name -> !storable(name))
                    .forEach(name -> errors.add(Map.of("field", path, "message", "has a key with a NUL character or broken Unicode")));
        }
    }

    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
