package dev.rung.knowledge.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Locale;

/**
 * A document version as a team sends it.
 *
 * @param contentType {@code markdown}, {@code html} or {@code text}
 * @param effectiveFrom when it takes effect; now when left out. Until then the version before it is
 *     the one searched
 */
record Upload(
        @Schema(description = "The document's id within its source: letters, digits, . _ -")
                String documentId,
        String title,
        @Schema(allowableValues = {"markdown", "html", "text"}) String contentType,
        @Schema(description = "The whole document, at most 1 MB") String content,
        Instant effectiveFrom) {

    Passages.ContentType type() {
        return Passages.ContentType.valueOf(contentType.toUpperCase(Locale.ROOT));
    }

    Instant effectiveFromOrNow() {
        return effectiveFrom == null ? Instant.now() : effectiveFrom;
    }
}
