package dev.tether.kong;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.QueryMap;
import tools.jackson.databind.JsonNode;

/** The Admin API on the wire: one generic Retrofit interface and the DTOs read from it. */
final class KongWire {

    private KongWire() {
    }

    /** Paths are built (and their segments escaped) by {@link KongAdminClient}. */
    interface Api {
        @GET("{path}")
        Call<JsonNode> get(@Path(value = "path", encoded = true) String path, @QueryMap Map<String, String> query);

        @POST("{path}")
        Call<JsonNode> post(@Path(value = "path", encoded = true) String path, @Body Object body);

        @PUT("{path}")
        Call<JsonNode> put(@Path(value = "path", encoded = true) String path, @Body Object body);

        @PATCH("{path}")
        Call<JsonNode> patch(@Path(value = "path", encoded = true) String path, @Body Object body);

        @DELETE("{path}")
        Call<Void> delete(@Path(value = "path", encoded = true) String path);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(List<JsonNode> data, String next, String offset) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ref(String id) {
        static String id(Ref r) {
            return r == null ? null : r.id();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ServiceDto(String id, String name, String protocol, String host, Integer port, String path,
                      List<String> tags) {
        ObservedService observed() {
            return new ObservedService(id, name, protocol, host, port == null ? 80 : port, path, tags);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RouteDto(String id, String name, Ref service, List<String> paths, List<String> hosts,
                    List<String> methods, List<String> protocols, @JsonProperty("strip_path") Boolean stripPath,
                    @JsonProperty("preserve_host") Boolean preserveHost, List<String> tags) {
        ObservedRoute observed() {
            return new ObservedRoute(id, name, Ref.id(service), paths, hosts, methods, protocols,
                    stripPath == null || stripPath, preserveHost != null && preserveHost, tags);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PluginDto(String id, String name, Ref service, Ref route, Ref consumer, Boolean enabled,
                     Map<String, Object> config, List<String> tags) {
        ObservedPlugin observed() {
            return new ObservedPlugin(id, name, Ref.id(service), Ref.id(route), Ref.id(consumer),
                    enabled == null || enabled, config, tags);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConsumerDto(String id, String username, @JsonProperty("custom_id") String customId, List<String> tags) {
        ObservedConsumer observed() {
            return new ObservedConsumer(id, username, customId, tags);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeyAuthDto(String id, Ref consumer, String key, List<String> tags) {
        ObservedKeyAuth observed() {
            return new ObservedKeyAuth(id, Ref.id(consumer), key, tags);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AclDto(String id, Ref consumer, String group, List<String> tags) {
        ObservedAcl observed() {
            return new ObservedAcl(id, Ref.id(consumer), group, tags);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorDto(Integer code, String name, String message, JsonNode fields) {
    }
}
