package dev.rung.knowledge.internal;

import dev.rung.knowledge.KnowledgeBase;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Knowledge sources: load documents, see their versions and passages, search them. */
@RestController
@RequestMapping(path = "/v1/knowledge/{source}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
        name = "Knowledge sources",
        description =
                "A team's own documents, versioned and split into passages with stable ids,"
                        + " searched with PostgreSQL's full-text search")
@ApiResponse(
        responseCode = "400",
        description = "Not a valid source name, document or query",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class KnowledgeController {

    static final int MAX_CONTENT = 1_000_000;
    static final int MAX_RESULTS = 50;

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final DocumentStore store;

    KnowledgeController(DocumentStore store) {
        this.store = store;
    }

    record SourceSettings(
            @Schema(
                            description =
                                    "PostgreSQL text search configuration, e.g. english, german,"
                                            + " simple")
                    String language) {}

    record SourceView(String source, String language) {}

    record DocumentView(
            String source,
            String documentId,
            int version,
            String title,
            String contentType,
            String contentSha256,
            Instant effectiveFrom,
            Instant createdAt,
            List<KnowledgeBase.Passage> passages) {}

    record DocumentHistory(
            String source, String documentId, List<DocumentStore.Version> versions) {}

    record SearchResults(String source, String query, List<KnowledgeBase.Passage> passages) {}

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "putKnowledgeSource",
            summary =
                    "Create a knowledge source or change its language (its passages are indexed"
                            + " again)")
    @ApiResponse(responseCode = "200", description = "The source as it now is")
    SourceView putSource(@PathVariable String source, @RequestBody SourceSettings settings) {
        validSource(source);
        String language = settings.language() == null ? "english" : settings.language().strip();
        if (!store.languageExists(language)) {
            throw ProblemException.invalidField(
                    "language", "is not a text search configuration of this database");
        }
        store.putSource(source, language);
        return new SourceView(source, language);
    }

    @PostMapping(path = "/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "storeKnowledgeDocument",
            summary = "Store a document as a new version, split into passages",
            description =
                    "201 with the new version and its passages; 200 with the latest version when"
                            + " the content has not changed. The source is made (language english)"
                            + " if it is new.")
    @ApiResponse(responseCode = "201", description = "Stored as a new version")
    @ApiResponse(responseCode = "200", description = "The same content as the latest version")
    ResponseEntity<DocumentView> store(@PathVariable String source, @RequestBody Upload upload) {
        validSource(source);
        valid(upload);
        String sha256 = sha256(upload.contentType() + '\0' + upload.content());
        var latest = store.latest(source, upload.documentId());
        if (latest.isPresent() && latest.get().contentSha256().equals(sha256)) {
            return ResponseEntity.ok(view(source, latest.get()));
        }
        List<Passages.Passage> passages = Passages.of(upload.type(), upload.content());
        if (passages.isEmpty()) {
            throw ProblemException.invalidField("content", "holds no text");
        }
        DocumentStore.Version stored = store.store(source, upload, sha256, passages);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(source, stored));
    }

    @GetMapping("/documents")
    @Operation(
            operationId = "listKnowledgeDocuments",
            summary = "The version of each document in effect now")
    @ApiResponse(responseCode = "200", description = "The documents")
    @ApiResponse(responseCode = "404", description = "No such source")
    List<DocumentStore.Version> documents(@PathVariable String source) {
        existing(store, source);
        return store.current(source);
    }

    @GetMapping("/documents/{documentId}")
    @Operation(operationId = "knowledgeDocument", summary = "Every version of a document")
    @ApiResponse(responseCode = "200", description = "The versions, the newest first")
    @ApiResponse(responseCode = "404", description = "No such source or document")
    DocumentHistory document(@PathVariable String source, @PathVariable String documentId) {
        return new DocumentHistory(source, documentId, versions(store, source, documentId));
    }

    @GetMapping("/documents/{documentId}/versions/{version}")
    @Operation(
            operationId = "knowledgeDocumentVersion",
            summary = "One version of a document with its passages")
    @ApiResponse(responseCode = "200", description = "The version and its passages")
    @ApiResponse(responseCode = "404", description = "No such source, document or version")
    DocumentView version(
            @PathVariable String source,
            @PathVariable String documentId,
            @PathVariable int version) {
        return versions(store, source, documentId).stream()
                .filter(found -> found.version() == version)
                .findFirst()
                .map(found -> view(source, found))
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        ProblemType.NOT_FOUND,
                                        "Document "
                                                + documentId
                                                + " has no version "
                                                + version
                                                + "."));
    }

    @GetMapping("/search")
    @Operation(
            operationId = "searchKnowledge",
            summary = "The passages of the documents in effect that best match a query, best first")
    @ApiResponse(responseCode = "200", description = "The passages, each with its rank")
    @ApiResponse(responseCode = "404", description = "No such source")
    SearchResults search(
            @PathVariable String source,
            @RequestParam("q") String query,
            @RequestParam(name = "limit", defaultValue = "5") int limit) {
        existing(store, source);
        if (query.isBlank()) {
            throw ProblemException.invalidField("q", "must hold words to search for");
        }
        if (limit < 1 || limit > MAX_RESULTS) {
            throw ProblemException.invalidField("limit", "must be from 1 to " + MAX_RESULTS);
        }
        return new SearchResults(source, query, store.search(source, query, limit));
    }

    private DocumentView view(String source, DocumentStore.Version version) {
        return new DocumentView(
                source,
                version.documentId(),
                version.version(),
                version.title(),
                version.contentType(),
                version.contentSha256(),
                version.effectiveFrom(),
                version.createdAt(),
                store.passages(source, version.documentId(), version.version()));
    }

    /** Every version of a document, the newest first; a 404 problem without source or document. */
    static List<DocumentStore.Version> versions(
            DocumentStore store, String source, String documentId) {
        existing(store, source);
        List<DocumentStore.Version> versions = store.versions(source, documentId);
        if (versions.isEmpty()) {
            throw new ProblemException(
                    ProblemType.NOT_FOUND,
                    "Knowledge source " + source + " has no document " + documentId + ".");
        }
        return versions;
    }

    /** A 400 problem for a source name that cannot be one, a 404 for a source that is not. */
    static void existing(DocumentStore store, String source) {
        validSource(source);
        if (store.language(source).isEmpty()) {
            throw new ProblemException(
                    ProblemType.NOT_FOUND, "There is no knowledge source " + source + ".");
        }
    }

    private static void validSource(String source) {
        if (!SOURCE.matcher(source).matches()) {
            throw ProblemException.invalidField(
                    "source", "must be lower-case letters, digits and hyphens (at most 64)");
        }
    }

    private static void valid(Upload upload) {
        if (upload.documentId() == null || !DOCUMENT.matcher(upload.documentId()).matches()) {
            throw ProblemException.invalidField(
                    "documentId", "must be letters, digits, '.', '_' and '-' (at most 128)");
        }
        if (upload.contentType() == null
                || !List.of("markdown", "html", "text").contains(upload.contentType())) {
            throw ProblemException.invalidField("contentType", "must be markdown, html or text");
        }
        if (upload.content() == null || upload.content().isBlank()) {
            throw ProblemException.invalidField("content", "is required");
        }
        if (upload.content().length() > MAX_CONTENT) {
            throw ProblemException.invalidField(
                    "content", "is longer than " + MAX_CONTENT + " characters");
        }
        if (upload.title() != null && upload.title().length() > 300) {
            throw ProblemException.invalidField("title", "is longer than 300 characters");
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
