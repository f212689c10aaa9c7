package dev.rung.task;

/**
 * A passage of a knowledge source as given to a model for one task: its stable id ({@code
 * <document>@<version>#<n>}), the document version it belongs to, its heading and its text.
 */
public record SourcePassage(
        String id, String documentId, int version, String heading, String text) {}
