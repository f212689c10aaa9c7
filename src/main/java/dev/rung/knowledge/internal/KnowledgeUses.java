package dev.rung.knowledge.internal;

import dev.rung.knowledge.SourceUse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The passages tasks were given and cited ({@code knowledge_use}), and who depends on a document.
 */
@Component
class KnowledgeUses implements SourceUse {

    private final JdbcClient jdbc;

    KnowledgeUses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void given(UUID taskId, String source, Collection<String> passageIds) {
        if (passageIds.isEmpty()) {
            return;
        }
        jdbc.sql(
                        """
                        insert into knowledge_use (task_id, source, passage_id, document_id, version)
                        select :task, p.source, p.passage_id, p.document_id, p.version
                          from knowledge_passage p where p.source = :source and p.passage_id = any(:ids)
                        on conflict do nothing\
                        """)
                .param("task", taskId)
                .param("source", source)
                .param("ids", passageIds.toArray(String[]::new))
                .update();
    }

    @Override
    public void cited(UUID taskId, String source, Collection<String> passageIds) {
        if (passageIds.isEmpty()) {
            return;
        }
        jdbc.sql(
                        "update knowledge_use set cited = true where task_id = :task and source ="
                                + " :source and passage_id = any(:ids)")
                .param("task", taskId)
                .param("source", source)
                .param("ids", passageIds.toArray(String[]::new))
                .update();
    }

    @Override
    public List<Superseded> superseded(String source, Collection<String> passageIds) {
        if (passageIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(
                        """
                        with used as (
                            select distinct document_id, version from knowledge_passage
                             where source = :source and passage_id = any(:ids)),
                        current as (
                            select document_id, max(version) as version from knowledge_document
                             where source = :source and effective_from <= now() group by document_id)
                        select u.document_id, u.version, c.version
                          from used u join current c using (document_id)
                         where c.version > u.version
                         order by 1\
                        """)
                .param("source", source)
                .param("ids", passageIds.toArray(String[]::new))
                .query((rs, row) -> new Superseded(rs.getString(1), rs.getInt(2), rs.getInt(3)))
                .list();
    }

    /** One task that used a document version: the passages it was given and those it cited. */
    record Dependent(
            UUID taskId, int version, List<String> passages, List<String> cited, Instant usedAt) {}

    /**
     * The tasks that used versions of a document below {@code belowVersion}, most recent first,
     * those used before {@code before} when it is given (the next page).
     */
    List<Dependent> dependents(
            String source, String documentId, int belowVersion, Instant before, int limit) {
        return jdbc.sql(
                        """
                        select task_id, version,
                               array_agg(passage_id order by passage_id),
                               coalesce(array_agg(passage_id order by passage_id) filter (where cited), '{}'),
                               min(used_at)
                          from knowledge_use
                         where source = :source and document_id = :document and version < :below
                           and (cast(:before as timestamptz) is null or used_at < cast(:before as timestamptz))
                         group by task_id, version
                         order by min(used_at) desc, task_id
                         limit :limit\
                        """)
                .param("source", source)
                .param("document", documentId)
                .param("below", belowVersion)
                .param("before", before == null ? null : java.sql.Timestamp.from(before))
                .param("limit", limit)
                .query(
                        (rs, row) ->
                                new Dependent(
                                        rs.getObject(1, UUID.class),
                                        rs.getInt(2),
                                        List.of((String[]) rs.getArray(3).getArray()),
                                        List.of((String[]) rs.getArray(4).getArray()),
                                        rs.getTimestamp(5).toInstant()))
                .list();
    }
}
