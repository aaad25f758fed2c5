package dev.tether.manifest;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ResourceRepository extends JpaRepository<ResourceEntity, Long> {

    /** Locks the row for the rest of the transaction, so concurrent writers queue up. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from ResourceEntity r where r.kind = ?1 and r.name = ?2")
    Optional<ResourceEntity> findForUpdate(String kind, String name);

    /** Locks the rows of these names of one kind, in name order (two writers queue, never deadlock). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from ResourceEntity r where r.kind = ?1 and r.name in ?2 order by r.name")
    List<ResourceEntity> findAllForUpdate(String kind, java.util.Collection<String> names);

    Optional<ResourceEntity> findByKindAndName(String kind, String name);

    List<ResourceEntity> findAllByOrderByKindAscNameAsc();

    List<ResourceEntity> findByKindOrderByNameAsc(String kind);
}
