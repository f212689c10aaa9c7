package dev.rung.knowledge;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What tasks took from knowledge sources: the passages each was given and those its answer cited,
 * and whether a document changed after a task used it.
 */
public interface SourceUse {

    /** Stores the passages a task is given, before any of its model calls. */
    void given(UUID taskId, String source, Collection<String> passageIds);

    /** Marks the passages the task's accepted answer cites (a subset of those given). */
    void cited(UUID taskId, String source, Collection<String> passageIds);

    /**
     * The documents of these passages that have a newer version in effect now than the one the
     * passage belongs to: each once, with the version used and the current one.
     */
    List<Superseded> superseded(String source, Collection<String> passageIds);

    record Superseded(String documentId, int usedVersion, int currentVersion) {}
}
