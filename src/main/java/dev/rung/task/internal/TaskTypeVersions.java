package dev.rung.task.internal;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.Optional;

/** The stored versions of the task types: few, never changed once stored (Spring Data JPA). */
interface TaskTypeVersions extends JpaRepository<TaskTypeVersionEntity, TaskTypeVersionEntity.Key> {

    /** A slug and its highest version. */
    record Current(String slug, Integer version) {}

    @Query(
            "select new dev.rung.task.internal.TaskTypeVersions$Current(v.slug, max(v.version))"
                    + " from TaskTypeVersionEntity v group by v.slug")
    List<Current> currentVersions();

    Optional<TaskTypeVersionEntity> findBySlugAndVersion(String slug, int version);

    List<TaskTypeVersionEntity> findBySlugOrderByVersionDesc(String slug);
}
