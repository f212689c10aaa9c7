package dev.rung.task.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import java.io.Serializable;
import java.time.Instant;

/**
 * A row of {@code task_type_version}: one immutable version of a definition. The definition is kept
 * as the text it was written in and stored in a {@code json} column (not {@code jsonb}), because
 * the order of its keys is part of what the model is sent.
 */
@Entity
@Table(name = "task_type_version")
@IdClass(TaskTypeVersionEntity.Key.class)
class TaskTypeVersionEntity {

    /** The primary key: the slug and the version number. */
    record Key(String slug, int version) implements Serializable {}

    @Id String slug;

    @Id int version;

    @Column(columnDefinition = "json")
    @ColumnTransformer(write = "cast(? as json)")
    String definition;

    @Column(name = "content_sha256", columnDefinition = "char(64)")
    String contentSha256;

    String promptVersion;

    @Column(name = "prompt_sha256", columnDefinition = "char(64)")
    String promptSha256;

    String source;

    String createdBy;

    Instant createdAt;

    protected TaskTypeVersionEntity() {}

    TaskTypeVersionEntity(
            String slug,
            int version,
            String definition,
            String contentSha256,
            String promptVersion,
            String promptSha256,
            String source,
            String createdBy,
            Instant createdAt) {
        this.slug = slug;
        this.version = version;
        this.definition = definition;
        this.contentSha256 = contentSha256;
        this.promptVersion = promptVersion;
        this.promptSha256 = promptSha256;
        this.source = source;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }
}
