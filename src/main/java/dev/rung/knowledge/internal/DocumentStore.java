package dev.rung.knowledge.internal;

import dev.rung.knowledge.KnowledgeBase;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The documents, versions and passages of knowledge sources in PostgreSQL. Passages are indexed as
 * they are stored, with the source's text search configuration: the heading weighs more than the
 * text.
 */
@Component
class DocumentStore implements KnowledgeBase {

    private static final String INDEXED =
            "setweight(to_tsvector(s.language, coalesce(:heading, '')), 'A')"
                    + " || setweight(to_tsvector(s.language, :text), 'B')";

    private final JdbcClient jdbc;

    DocumentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One stored version of a document. */
    record Version(
            String documentId,
            int version,
            String title,
            String contentType,
            String contentSha256,
            Instant effectiveFrom,
            Instant createdAt) {}

    Optional<String> language(String source) {
        return jdbc.sql("select language::text from knowledge_source where source = ?")
                .param(source)
                .query(String.class)
                .optional();
    }

    boolean languageExists(String language) {
        return jdbc.sql("select count(*) from pg_ts_config where cfgname = ?")
                        .param(language)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Creates the source, or changes its language and indexes its passages again with it. */
    @Transactional
    void putSource(String source, String language) {
        jdbc.sql(
                        """
                        insert into knowledge_source (source, language) values (:source, :language::regconfig)
                        on conflict (source) do update set language = excluded.language\
                        """)
                .param("source", source)
                .param("language", language)
                .update();
        jdbc.sql(
                        """
                        update knowledge_passage p
                           set tsv = setweight(to_tsvector(s.language, coalesce(p.heading, '')), 'A')
                                     || setweight(to_tsvector(s.language, p.text), 'B')
                          from knowledge_source s
                         where s.source = p.source and p.source = :source\
                        """)
                .param("source", source)
                .update();
    }

    Optional<Version> latest(String source, String documentId) {
        return versions(source, documentId).stream().findFirst();
    }

    /** Every version of a document, the newest first. */
    List<Version> versions(String source, String documentId) {
        return jdbc.sql(
                        """
                        select document_id, version, title, content_type, content_sha256, effective_from, created_at
                          from knowledge_document where source = ? and document_id = ? order by version desc\
                        """)
                .params(source, documentId)
                .query(DocumentStore::version)
                .list();
    }

    /** The version of each document now in effect. */
    List<Version> current(String source) {
        return jdbc.sql(
                        """
                        select distinct on (document_id) document_id, version, title, content_type, content_sha256,
                               effective_from, created_at
                          from knowledge_document where source = ? and effective_from <= now()
                         order by document_id, version desc\
                        """)
                .param(source)
                .query(DocumentStore::version)
                .list();
    }

    /** Stores a new version and its passages, in one transaction; the source is made if new. */
    @Transactional
    Version store(String source, Upload upload, String sha256, List<Passages.Passage> passages) {
        jdbc.sql("insert into knowledge_source (source) values (?) on conflict do nothing")
                .param(source)
                .update();
        int version =
                jdbc.sql(
                                "select coalesce(max(version), 0) + 1 from knowledge_document"
                                        + " where source = ? and document_id = ?")
                        .params(source, upload.documentId())
                        .query(Integer.class)
                        .single();
        jdbc.sql(
                        """
                        insert into knowledge_document (source, document_id, version, title, content_type, content,
                                                        content_sha256, effective_from)
                        values (?, ?, ?, ?, ?, ?, ?, ?)\
                        """)
                .params(
                        source,
                        upload.documentId(),
                        version,
                        upload.title(),
                        upload.type().name().toLowerCase(java.util.Locale.ROOT),
                        upload.content(),
                        sha256,
                        Timestamp.from(upload.effectiveFromOrNow()))
                .update();
        for (int i = 0; i < passages.size(); i++) {
            Passages.Passage passage = passages.get(i);
            jdbc.sql(
                            """
                            insert into knowledge_passage (passage_id, source, document_id, version, seq, heading, text, tsv)
                            select :id, :source, :document, :version, :seq, :heading, :text, %s
                              from knowledge_source s where s.source = :source\
                            """
                                    .formatted(INDEXED))
                    .param("id", passageId(upload.documentId(), version, i + 1))
                    .param("source", source)
                    .param("document", upload.documentId())
                    .param("version", version)
                    .param("seq", i + 1)
                    .param("heading", passage.heading())
                    .param("text", passage.text())
                    .update();
        }
        return latest(source, upload.documentId()).orElseThrow();
    }

    List<KnowledgeBase.Passage> passages(String source, String documentId, int version) {
        return jdbc.sql(
                        """
                        select passage_id, document_id, version, heading, text, 0.0
                          from knowledge_passage where source = ? and document_id = ? and version = ? order by seq\
                        """)
                .params(source, documentId, version)
                .query(DocumentStore::passage)
                .list();
    }

    /**
     * Any of the query's words may match (a question rarely shares all its words with the passage
     * that answers it); the cover density rank puts the passages with more of them, closer
     * together, first.
     */
    @Override
    public List<KnowledgeBase.Passage> search(String source, String query, int limit) {
        return jdbc.sql(
                        """
                        with current as (
                            select distinct on (document_id) document_id, version
                              from knowledge_document where source = :source and effective_from <= now()
                             order by document_id, version desc),
                        q as (
                            select nullif(replace(plainto_tsquery(s.language, :query)::text, ' & ', ' | '), '')::tsquery as q
                              from knowledge_source s where s.source = :source)
                        select p.passage_id, p.document_id, p.version, p.heading, p.text, ts_rank_cd(p.tsv, q.q)
                          from knowledge_passage p
                          join current c on c.document_id = p.document_id and c.version = p.version
                          cross join q
                         where p.source = :source and p.tsv @@ q.q
                         order by 6 desc, p.passage_id
                         limit :limit\
                        """)
                .param("source", source)
                .param("query", query)
                .param("limit", limit)
                .query(DocumentStore::passage)
                .list();
    }

    static String passageId(String documentId, int version, int seq) {
        return documentId + "@" + version + "#" + seq;
    }

    private static Version version(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Version(
                rs.getString(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                rs.getTimestamp(7).toInstant());
    }

    private static KnowledgeBase.Passage passage(java.sql.ResultSet rs, int row)
            throws java.sql.SQLException {
        return new KnowledgeBase.Passage(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getDouble(6));
    }
}
