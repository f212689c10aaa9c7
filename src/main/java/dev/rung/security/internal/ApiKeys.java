package dev.rung.security.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
 * enough and a lookup needs no scan). Checks are cached by the presented key itself, so a request
 * neither hashes nor queries: only a load does (the key is in the request's memory anyway, and the
 * cache lives no longer than the process). A key in use is reloaded 15 seconds after its last load,
 * one unused for 30 seconds is dropped, so a revoked key stops working within 30 seconds on every
 * instance (at once on the one that revoked it). Requests never queue behind a reload: the one that
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

    private final ApiKeyRepository keys;
    private final LoadingCache<String, Optional<Key>> bySecret;

    ApiKeys(ApiKeyRepository keys) {
        this.keys = keys;
        // Maintenance and reloads on the caller's thread: every request reads this cache, and a
        // pool thread woken for its bookkeeping costs more than the bookkeeping.  Unknown keys are
        // cached too (as empty), so a client retrying a wrong key does not query on every request;
        // the size bound keeps a flood of made-up keys from growing the heap.
        this.bySecret =
                Caffeine.newBuilder()
                        .refreshAfterWrite(Duration.ofSeconds(15))
                        .expireAfterWrite(Duration.ofSeconds(30))
                        .maximumSize(10_000)
                        .executor(Runnable::run)
                        .build(
                                secret ->
                                        keys.findByKeySha256(sha256(secret))
                                                .map(ApiKeyEntity::key));
    }

    record Key(UUID id, String name, List<String> scopes, Instant createdAt, Instant revokedAt) {}

    record Created(Key key, String secret) {}

    Optional<Key> authenticate(String secret) {
        return bySecret.get(secret).filter(key -> key.revokedAt() == null);
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
            ApiKeyEntity key = keys.findByKeySha256(sha256(secret)).orElseThrow();
            key.scopes = scopes.stream().sorted().toArray(String[]::new);
            keys.save(key);
            bySecret.invalidate(secret);
            return authenticate(secret).orElseThrow();
        }
        return existing.orElseGet(() -> insert(name, scopes, secret));
    }

    List<Key> list() {
        return keys.findAllByOrderByCreatedAt().stream().map(ApiKeyEntity::key).toList();
    }

    boolean revoke(UUID id) {
        boolean revoked = keys.revoke(id) == 1;
        bySecret.invalidateAll();
        return revoked;
    }

    long active() {
        return keys.countByRevokedAtIsNull();
    }

    /**
     * Two instances starting at once may both store the development key: the second finds the
     * first's.
     */
    private Key insert(String name, List<String> scopes, String secret) {
        try {
            keys.saveAndFlush(
                    new ApiKeyEntity(
                            UUID.randomUUID(),
                            name,
                            sha256(secret),
                            scopes,
                            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        } catch (DataIntegrityViolationException storedMeanwhile) {
            // the same key_sha256 was stored by another instance
        }
        bySecret.invalidate(secret);
        return authenticate(secret).orElseThrow();
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
