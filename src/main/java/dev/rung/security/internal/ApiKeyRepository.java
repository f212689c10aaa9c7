package dev.rung.security.internal;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The API keys: few, changed rarely (Spring Data JPA). */
interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, UUID> {

    Optional<ApiKeyEntity> findByKeySha256(String keySha256);

    List<ApiKeyEntity> findAllByOrderByCreatedAt();

    long countByRevokedAtIsNull();

    /** One statement, so that two revocations at once revoke once. */
    @Transactional
    @Modifying
    @Query(
            "update ApiKeyEntity k set k.revokedAt = current_timestamp where k.id = :id and"
                    + " k.revokedAt is null")
    int revoke(UUID id);
}
