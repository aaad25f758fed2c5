package dev.tether.status;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface EventRepository extends JpaRepository<EventEntity, Long> {

    List<EventEntity> findByResourceIdOrderByIdDesc(Long resourceId, Limit limit);

    List<EventEntity> findByResourceIdAndIdLessThanOrderByIdDesc(Long resourceId, Long beforeId, Limit limit);
}
