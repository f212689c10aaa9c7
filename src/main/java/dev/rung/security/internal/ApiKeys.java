package dev.rung.security.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * API keys: 32 random bytes, stored only as SHA-256 (a key has full entropy, so a fast hash is
 * enough and a lookup needs no scan). Lookups are cached: a key in use is reloaded in the
 * background 15 seconds after its last load, one unused for 30 seconds is looked up again, so a
 * revoked key stops working within 30 seconds. Requests never queue behind a reload: the one that
 * finds the key due reloads it, the others keep the cached answer.
 */
@Component
class ApiKeys {

    static final Set<String> SCOPES =
            Set.of(
                    "tasks:write",
                    "tasks:read",
                    "task-types:admin",
                    "experiments:admin",
                    "readouts:read",
                    "feedback:write",
                    "admin");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final LoadingCache<String, Optional<Key>> byHash;

    ApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
        // Maintenance and reloads on the caller's thread: every request reads this cache, and a
        // pool thread woken
        // for its bookkeeping costs more than the bookkeeping.
        this.byHash =
                Caffeine.newBuilder()
                        .refreshAfterWrite(Duration.ofSeconds(15))
                        .expireAfterWrite(Duration.ofSeconds(30))
                        .maximumSize(10_000)
                        .executor(Runnable::run)
                        .build(this::load);
    }

    record Key(UUID id, String name, List<String> scopes, Instant createdAt, Instant revokedAt) {}

    record Created(Key key, String secret) {}

    Optional<Key> authenticate(String secret) {
        return byHash.get(sha256(secret)).filter(key -> key.revokedAt() == null);
    }

    Created create(String name, List<String> scopes) {
        String secret = "rk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        return new Created(insert(name, scopes, secret), secret);
    }

    /** Stores a key whose secret is chosen by the caller (the documented development key). */
    Key ensure(String name, List<String> scopes, String secret) {
        Optional<Key> existing = authenticate(secret);
        if (existing.isPresent() && !existing.get().scopes().containsAll(scopes)) {
            // A kept local database holds the key from an older version: it gains the scopes added
            // since.
            jdbc.sql("update api_key set scopes = ? where key_sha256 = ?")
                    .param(scopes.stream().sorted().toArray(String[]::new))
                    .param(sha256(secret))
                    .update();
            byHash.invalidate(sha256(secret));
            return authenticate(secret).orElseThrow();
        }
        return existing.orElseGet(() -> insert(name, scopes, secret));
    }

    List<Key> list() {
        return jdbc.sql(
                        "select id, name, scopes, created_at, revoked_at from api_key order by"
                                + " created_at")
                .query((rs, row) -> key(rs))
                .list();
    }

    boolean revoke(UUID id) {
        boolean revoked =
                jdbc.sql(
                                        "update api_key set revoked_at = now() where id = ? and"
                                                + " revoked_at is null")
                                .param(id)
                                .update()
                        == 1;
        byHash.invalidateAll();
        return revoked;
    }

    long active() {
        return jdbc.sql("select count(*) from api_key where revoked_at is null")
                .query(Long.class)
                .single();
    }

    private Key insert(String name, List<String> scopes, String secret) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.sql(
                        "insert into api_key (id, name, key_sha256, scopes, created_at) values (?,"
                                + " ?, ?, ?, ?) on conflict (key_sha256) do nothing")
                .param(id)
                .param(name)
                .param(sha256(secret))
                .param(scopes.toArray(String[]::new))
                .param(Timestamp.from(now))
                .update();
        byHash.invalidate(sha256(secret));
        return authenticate(secret).orElseThrow();
    }

    private Optional<Key> load(String hash) {
        return jdbc.sql(
                        "select id, name, scopes, created_at, revoked_at from api_key where"
                                + " key_sha256 = ?")
                .param(hash)
                .query((rs, row) -> key(rs))
                .optional();
    }

    private static Key key(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp revoked = rs.getTimestamp(5);
        return new Key(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                List.of((String[]) rs.getArray(3).getArray()),
                rs.getTimestamp(4).toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
