package dev.rung.support;

import org.springframework.core.io.FileSystemResource;

import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;

/** The shipped lead type's definition under another name, for tests that vary one part of it. */
public final class LeadTypes {

    private LeadTypes() {}

    /** {@code task-types/lead-classification.yaml} as {@code slug}, without its input alias. */
    public static ObjectNode named(String slug) throws IOException {
        ObjectNode definition =
                (ObjectNode)
                        new YAMLMapper()
                                .readTree(
                                        new FileSystemResource(
                                                        "task-types/lead-classification.yaml")
                                                .getInputStream());
        definition.put("slug", slug);
        definition.remove("inputAlias");
        return definition;
    }
}
