package dev.tether.status;

import org.springframework.data.jpa.repository.JpaRepository;

interface StatusRepository extends JpaRepository<StatusEntity, Long> {
}
