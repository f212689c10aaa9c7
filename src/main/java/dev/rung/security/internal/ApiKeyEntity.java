package dev.rung.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code api_key}: the key's SHA-256, never the key. */
@Entity
@Table(name = "api_key")
class ApiKeyEntity {

    @Id UUID id;

    String name;

    @Column(name = "key_sha256", columnDefinition = "char(64)")
    String keySha256;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    String[] scopes;

    Instant createdAt;

    Instant revokedAt;

    protected ApiKeyEntity() {}

    ApiKeyEntity(UUID id, String name, String keySha256, List<String> scopes, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.keySha256 = keySha256;
        this.scopes = scopes.toArray(String[]::new);
        this.createdAt = createdAt;
    }

    ApiKeys.Key key() {
        return new ApiKeys.Key(id, name, List.of(scopes), createdAt, revokedAt);
    }
}
