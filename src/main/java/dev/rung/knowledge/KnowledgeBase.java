package dev.rung.knowledge;

import java.util.List;

/** Searches a knowledge source's current documents. */
public interface KnowledgeBase {

    /**
     * The passages of the source's current document versions that best match {@code query}, best
     * first (full-text rank, the heading weighing more than the text); empty when the source does
     * not exist or nothing matches.
     */
    List<Passage> search(String source, String query, int limit);

    /**
     * One passage of one document version.
     *
     * @param id {@code <document>@<version>#<n>}, never reused
     * @param heading the heading the passage sits under, if any
     * @param rank PostgreSQL's {@code ts_rank_cd} of the query in it
     */
    record Passage(
            String id, String documentId, int version, String heading, String text, double rank) {}
}
