package dev.rung.task.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code task_type_version}: every version of every definition, through {@link TaskTypeVersions}. A
 * new version is numbered under a lock per slug.
 */
@Component
class TaskTypeStore {

    /** One stored version, with its definition document. */
    record StoredVersion(
            String slug,
            int version,
            JsonNode definition,
            String contentSha256,
            String promptVersion,
            String promptSha256,
            Source source,
            String createdBy,
            Instant createdAt) {}

    enum Source {
        SHIPPED,
        API
    }

    /** A definition about to be stored. */
    record Candidate(
            String slug,
            JsonNode definition,
            String contentSha256,
            String promptVersion,
            String promptSha256,
            Source source,
            String createdBy) {}

    /** The version that now holds the definition, and whether this call created it. */
    record Saved(StoredVersion version, boolean created) {}

    private final TaskTypeVersions versions;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    TaskTypeStore(
            TaskTypeVersions versions,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            JsonMapper json) {
        this.versions = versions;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
    }

    /** The current (highest) version of every slug. */
    Map<String, Integer> currentVersions() {
        return versions.currentVersions().stream()
                .collect(
                        java.util.stream.Collectors.toUnmodifiableMap(
                                TaskTypeVersions.Current::slug, TaskTypeVersions.Current::version));
    }

    Optional<StoredVersion> find(String slug, int version) {
        return versions.findBySlugAndVersion(slug, version).map(this::stored);
    }

    /** Every version of a slug, newest first. */
    List<StoredVersion> history(String slug) {
        return versions.findBySlugOrderByVersionDesc(slug).stream().map(this::stored).toList();
    }

    /**
     * Stores the candidate as a new version unless it is no change: for a shipped file, when any
     * version already holds the same content (a later change made through the API stays current
     * across restarts); for the API, when the current version does. Replicas starting together take
     * turns on a transaction-scoped lock.
     */
    Saved save(Candidate candidate) {
        return transactions.execute(
                status -> {
                    jdbc.sql(
                                    "select pg_advisory_xact_lock(hashtext('task_type_version'),"
                                            + " hashtext(?))")
                            .param(candidate.slug())
                            .query()
                            .singleRow();
                    List<StoredVersion> stored = history(candidate.slug());
                    Optional<StoredVersion> same =
                            (candidate.source() == Source.SHIPPED
                                            ? stored.stream()
                                            : stored.stream().limit(1))
                                    .filter(
                                            v ->
                                                    v.contentSha256()
                                                            .equals(candidate.contentSha256()))
                                    .findFirst();
                    if (same.isPresent()) {
                        return new Saved(same.get(), false);
                    }
                    int version = stored.isEmpty() ? 1 : stored.getFirst().version() + 1;
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    TaskTypeVersionEntity row =
                            versions.saveAndFlush(
                                    new TaskTypeVersionEntity(
                                            candidate.slug(),
                                            version,
                                            json.writeValueAsString(candidate.definition()),
                                            candidate.contentSha256(),
                                            candidate.promptVersion(),
                                            candidate.promptSha256(),
                                            candidate.source().name().toLowerCase(Locale.ROOT),
                                            candidate.createdBy(),
                                            now));
                    return new Saved(stored(row), true);
                });
    }

    private StoredVersion stored(TaskTypeVersionEntity row) {
        return new StoredVersion(
                row.slug,
                row.version,
                json.readTree(row.definition),
                row.contentSha256,
                row.promptVersion,
                row.promptSha256,
                Source.valueOf(row.source.toUpperCase(Locale.ROOT)),
                row.createdBy,
                row.createdAt);
    }
}
