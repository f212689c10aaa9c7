package dev.rung.task.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.PatternFormat;
import com.networknt.schema.keyword.DisallowUnknownKeywordFactory;
import com.networknt.schema.path.PathType;

import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * JSON Schema 2020-12 through networknt's validator, set up once for every schema of a definition:
 * formats are assertions (an e-mail must look like one), unknown keywords are refused rather than
 * ignored (a misspelt {@code maxLenght} would otherwise never fire), and errors point at values
 * with JSON Pointers.
 */
final class JsonSchemas {

    private static final SchemaRegistryConfig CONFIG =
            SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_POINTER)
                    .build();

    /**
     * The validator's own e-mail format also checks the top-level domain against a list shipped in
     * its jar, which refuses new and reserved ones ({@code .example}) and ages with every new TLD:
     * Rung checks the form only.
     */
    private static final PatternFormat EMAIL =
            PatternFormat.of(
                    "email",
                    "^[^\\s@\"<>()\\[\\],;:\\\\]{1,64}@(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$",
                    "format.email");

    private static final Dialect STRICT_2020_12 =
            Dialect.builder(Dialects.getDraft202012())
                    .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
                    .format(EMAIL)
                    .build();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDialect(
                    STRICT_2020_12,
                    builder -> builder.schemaRegistryConfig(CONFIG).schemaCacheEnabled(false));

    /**
     * The 2020-12 meta-schema ships inside the validator's jar: no network is needed to load it.
     */
    private static final Schema META_SCHEMA =
            SchemaRegistry.withDefaultDialect(
                            SpecificationVersion.DRAFT_2020_12,
                            builder -> builder.schemaRegistryConfig(CONFIG))
                    .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    private JsonSchemas() {}

    static Schema compile(JsonNode schema) {
        return REGISTRY.getSchema(schema);
    }

    /**
     * What makes a schema unusable, before it is compiled: keywords JSON Schema 2020-12 does not
     * know, references to other documents (a schema never fetches anything), values the meta-schema
     * refuses, patterns Java cannot compile.
     */
    static List<Violation> problems(JsonNode schema, String pointer) {
        List<Violation> violations = new ArrayList<>();
        if (!schema.isObject()) {
            violations.add(new Violation(pointer, "must be a JSON Schema object"));
            return violations;
        }
        SchemaWalk.each(
                schema,
                pointer,
                (node, at) ->
                        node.propertyNames()
                                .forEach(
                                        keyword -> {
                                            String where = at + "/" + SchemaWalk.escape(keyword);
                                            if (keyword.equals("$schema")
                                                    || keyword.equals("$id")
                                                    || keyword.equals("$vocabulary")) {
                                                violations.add(
                                                        new Violation(
                                                                where,
                                                                "'"
                                                                        + keyword
                                                                        + "' is not allowed: every"
                                                                        + " schema is JSON Schema"
                                                                        + " 2020-12 and stands"
                                                                        + " alone"));
                                            } else if (!SchemaWalk.KEYWORDS_2020_12.contains(
                                                    keyword)) {
                                                violations.add(
                                                        new Violation(
                                                                where,
                                                                "'"
                                                                        + keyword
                                                                        + "' is not a JSON Schema"
                                                                        + " 2020-12 keyword"));
                                            } else if ((keyword.equals("$ref")
                                                            || keyword.equals("$dynamicRef"))
                                                    && !node.path(keyword)
                                                            .asString("#")
                                                            .startsWith("#")) {
                                                violations.add(
                                                        new Violation(
                                                                where,
                                                                "only references inside the schema"
                                                                        + " (#/$defs/...) are"
                                                                        + " allowed"));
                                            } else if (keyword.equals("pattern")
                                                    && node.path(keyword).isString()) {
                                                compilable(node.path(keyword).asString(), where)
                                                        .ifPresent(violations::add);
                                            }
                                        }));
        if (violations.isEmpty()) {
            violations.addAll(violations(META_SCHEMA.validate(schema), pointer));
        }
        return violations;
    }

    /** The errors of one validation as violations, pointing into the document at {@code prefix}. */
    static List<Violation> violations(List<Error> errors, String prefix) {
        List<Violation> violations = new ArrayList<>();
        for (Error error : errors) {
            violations.add(new Violation(pointer(error, prefix), error.getMessage()));
        }
        return violations;
    }

    /** Where the error is: a missing or unexpected property is named, not its parent object. */
    static String pointer(Error error, String prefix) {
        String location = error.getInstanceLocation().toString();
        String keyword = error.getKeyword();
        if (error.getProperty() != null
                && ("required".equals(keyword)
                        || "additionalProperties".equals(keyword)
                        || "dependentRequired".equals(keyword)
                        || "unevaluatedProperties".equals(keyword))) {
            location = location + "/" + SchemaWalk.escape(error.getProperty());
        }
        return prefix + location;
    }

    private static java.util.Optional<Violation> compilable(String regex, String pointer) {
        try {
            Pattern.compile(regex);
            return java.util.Optional.empty();
        } catch (PatternSyntaxException e) {
            return java.util.Optional.of(
                    new Violation(
                            pointer, "is not a valid regular expression: " + e.getDescription()));
        }
    }
}
