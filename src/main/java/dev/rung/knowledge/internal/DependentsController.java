package dev.rung.knowledge.internal;

import dev.rung.web.ProblemException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The tasks answered from a document's older versions, so a team can run them again. */
@RestController
@RequestMapping(path = "/v1/knowledge/{source}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Knowledge sources")
@ApiResponse(
        responseCode = "400",
        description = "Not a valid version or limit",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class DependentsController {

    static final int MAX_LIMIT = 1_000;

    private final DocumentStore store;
    private final KnowledgeUses uses;

    DependentsController(DocumentStore store, KnowledgeUses uses) {
        this.store = store;
        this.uses = uses;
    }

    record Dependents(
            String source,
            String documentId,
            @Schema(description = "The version now in effect; null when none is yet")
                    Integer currentVersion,
            @Schema(description = "Tasks that used versions below this one") int belowVersion,
            @Schema(description = "Most recent first; ask again with before=<the last usedAt>")
                    List<KnowledgeUses.Dependent> tasks) {}

    @GetMapping("/documents/{documentId}/dependents")
    @Operation(
            operationId = "knowledgeDocumentDependents",
            summary = "Tasks answered from older versions of a document",
            description =
                    "Each task with the version it used, the passages it was given and those its"
                            + " accepted answer cited, most recent first.")
    @ApiResponse(responseCode = "200", description = "The tasks, at most limit")
    @ApiResponse(responseCode = "404", description = "No such source or document")
    Dependents dependents(
            @PathVariable String source,
            @PathVariable String documentId,
            @Parameter(
                            description =
                                    "Tasks that used versions below this one; default the version"
                                            + " now in effect")
                    @RequestParam(name = "version", required = false)
                    Integer version,
            @Parameter(description = "Tasks that used it before this instant (the next page)")
                    @RequestParam(name = "before", required = false)
                    Instant before,
            @RequestParam(name = "limit", defaultValue = "100") int limit) {
        List<DocumentStore.Version> versions =
                KnowledgeController.versions(store, source, documentId);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be from 1 to " + MAX_LIMIT);
        }
        if (version != null && version < 1) {
            throw ProblemException.invalidField("version", "must be 1 or more");
        }
        Instant now = Instant.now();
        Integer current =
                versions.stream()
                        .filter(found -> !found.effectiveFrom().isAfter(now))
                        .map(DocumentStore.Version::version)
                        .findFirst()
                        .orElse(null);
        int below = version != null ? version : current != null ? current : 1;
        return new Dependents(
                source,
                documentId,
                current,
                below,
                uses.dependents(source, documentId, below, before, limit));
    }
}
