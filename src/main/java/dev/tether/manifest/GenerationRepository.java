package dev.tether.manifest;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface GenerationRepository extends JpaRepository<GenerationEntity, GenerationEntity.Key> {

    List<GenerationEntity> findByResourceIdOrderByGenerationDesc(Long resourceId);

    Optional<GenerationEntity> findByResourceIdAndGeneration(Long resourceId, long generation);
}
