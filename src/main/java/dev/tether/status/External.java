package dev.tether.status;

/**
 * What one kind records about the outside world in {@code status.external}: a record per kind
 * (the HerokuApp's id and web URL, the ApiKey's version and rotation phase, a KongService's ids
 * and injected key version, ...), stored as the JSON object of its components. Read through
 * {@link ResourceStatus#external(Class)}, written through {@link ResourceStatus#withExternal(External)}:
 * a kind that needs another's state reads that kind's record, never a key of the stored map.
 * Components are nullable (absent in the stored JSON) so rows written by older versions still read.
 */
public interface External {

    /** The JSON object this record is stored as: its non-null components by name. */
    default java.util.Map<String, Object> fields() {
        return Externals.fields(this);
    }
}
