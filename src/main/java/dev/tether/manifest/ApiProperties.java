package dev.tether.manifest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the manifest API.
 *
 * @param maxDocuments {@code tether.api.max-documents} ({@code TETHER_API_MAX_DOCUMENTS}): the most
 *                     documents one {@code POST /api/v1/manifests} may hold (default 1,000); more
 *                     is refused whole with 413, naming the limit and the count
 */
@ConfigurationProperties("tether.api")
public record ApiProperties(@DefaultValue("1000") int maxDocuments) {

    public ApiProperties {
        if (maxDocuments < 1) {
            throw new IllegalArgumentException("tether.api.max-documents: must be at least 1, got " + maxDocuments);
        }
    }
}
