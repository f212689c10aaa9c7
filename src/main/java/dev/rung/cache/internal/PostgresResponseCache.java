package dev.rung.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.rung.cache.ResponseCache;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code response_cache} in PostgreSQL, so every replica shares it, fronted by Caffeine for the hot
 * keys. Entries carry their own expiry; a scheduled sweep deletes expired rows.
 */
@Component
class PostgresResponseCache implements ResponseCache {

    private record Entry(JsonNode result, Instant expiresAt) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CacheProperties properties;
    private final Cache<String, Entry> front =
            Caffeine.newBuilder()
                    .maximumSize(10_000)
                    .expireAfterWrite(Duration.ofMinutes(5))
                    .executor(
                            Runnable::run) // maintenance on the caller's thread, not a pool thread
                    // woken per write
                    .build();

    PostgresResponseCache(JdbcClient jdbc, JsonMapper json, CacheProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public boolean enabledFor(String taskType) {
        return properties.enabled() && properties.ttlFor(taskType).isPositive();
    }

    @Override
    public String key(
            String taskType, String promptVersion, String policy, JsonNode canonicalInput) {
        String text = taskType + '\n' + promptVersion + '\n' + policy + '\n' + canonicalInput;
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    @Override
    public Optional<JsonNode> lookup(String key) {
        Entry entry = front.getIfPresent(key);
        if (entry == null) {
            entry =
                    jdbc.sql(
                                    "select result::text, expires_at from response_cache where"
                                            + " cache_key = ? and expires_at > now()")
                            .param(key)
                            .query(
                                    (rs, row) ->
                                            new Entry(
                                                    json.readTree(rs.getString(1)),
                                                    rs.getTimestamp(2).toInstant()))
                            .optional()
                            .orElse(null);
            if (entry != null) {
                front.put(key, entry);
            }
        }
        return entry != null && entry.expiresAt().isAfter(Instant.now())
                ? Optional.of(entry.result())
                : Optional.empty();
    }

    @Override
    public void store(String key, String taskType, JsonNode result, UUID sourceTaskId) {
        if (!enabledFor(taskType)) {
            return;
        }
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.ttlFor(taskType));
        jdbc.sql(
                        """
                        insert into response_cache (cache_key, task_type, result, source_task_id, created_at, expires_at)
                        values (?, ?, ?::jsonb, ?, ?, ?)
                        on conflict (cache_key) do update set result = excluded.result, source_task_id = excluded.source_task_id,
                               created_at = excluded.created_at, expires_at = excluded.expires_at\
                        """)
                .param(key)
                .param(taskType)
                .param(result.toString())
                .param(sourceTaskId)
                .param(Timestamp.from(now))
                .param(Timestamp.from(expiresAt))
                .update();
        front.put(key, new Entry(result, expiresAt));
    }

    @Scheduled(fixedDelay = 10, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
    void deleteExpired() {
        jdbc.sql("delete from response_cache where expires_at < now()").update();
    }
}
