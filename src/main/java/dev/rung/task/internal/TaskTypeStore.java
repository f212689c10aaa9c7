package dev.rung.task.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code task_type_version}: every version of every definition. A new version is numbered under a
 * lock per slug.
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

    private static final String COLUMNS =
            """
            slug, version, definition::text, content_sha256, prompt_version, prompt_sha256, source, created_by, created_at\
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    TaskTypeStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
    }

    /** The current (highest) version of every slug. */
    Map<String, Integer> currentVersions() {
        Map<String, Integer> current = new HashMap<>();
        jdbc.sql("select slug, max(version) from task_type_version group by slug")
                .query((rs, row) -> current.put(rs.getString(1), rs.getInt(2)))
                .list();
        return Map.copyOf(current);
    }

    Optional<StoredVersion> find(String slug, int version) {
        return jdbc.sql(
                        "select "
                                + COLUMNS
                                + " from task_type_version where slug = ? and version = ?")
                .param(slug)
                .param(version)
                .query(this::row)
                .optional();
    }

    /** Every version of a slug, newest first. */
    List<StoredVersion> history(String slug) {
        return jdbc.sql(
                        "select "
                                + COLUMNS
                                + " from task_type_version where slug = ? order by version desc")
                .param(slug)
                .query(this::row)
                .list();
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
                    List<StoredVersion> versions = history(candidate.slug());
                    Optional<StoredVersion> same =
                            (candidate.source() == Source.SHIPPED
                                            ? versions.stream()
                                            : versions.stream().limit(1))
                                    .filter(
                                            v ->
                                                    v.contentSha256()
                                                            .equals(candidate.contentSha256()))
                                    .findFirst();
                    if (same.isPresent()) {
                        return new Saved(same.get(), false);
                    }
                    int version = versions.isEmpty() ? 1 : versions.getFirst().version() + 1;
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    jdbc.sql(
                                    """
                                    insert into task_type_version (slug, version, definition, content_sha256, prompt_version,
                                                                   prompt_sha256, source, created_by, created_at)
                                    values (?, ?, ?::json, ?, ?, ?, ?, ?, ?)\
                                    """)
                            .params(
                                    candidate.slug(),
                                    version,
                                    json.writeValueAsString(candidate.definition()),
                                    candidate.contentSha256(),
                                    candidate.promptVersion(),
                                    candidate.promptSha256(),
                                    candidate.source().name().toLowerCase(java.util.Locale.ROOT),
                                    candidate.createdBy(),
                                    Timestamp.from(now))
                            .update();
                    return new Saved(
                            new StoredVersion(
                                    candidate.slug(),
                                    version,
                                    candidate.definition(),
                                    candidate.contentSha256(),
                                    candidate.promptVersion(),
                                    candidate.promptSha256(),
                                    candidate.source(),
                                    candidate.createdBy(),
                                    now),
                            true);
                });
    }

    private StoredVersion row(ResultSet rs, int row) throws SQLException {
        return new StoredVersion(
                rs.getString(1),
                rs.getInt(2),
                json.readTree(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                Source.valueOf(rs.getString(7).toUpperCase(java.util.Locale.ROOT)),
                rs.getString(8),
                rs.getTimestamp(9).toInstant());
    }
}
