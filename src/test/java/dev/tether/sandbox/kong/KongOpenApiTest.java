package dev.tether.sandbox.kong;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract check itself must be able to fail, or every test that leans on it proves nothing. */
class KongOpenApiTest {

    private static final KongOpenApi SPEC = KongOpenApi.get();

    @Test
    void acceptsAServiceAsKongReturnsIt() {
        String service = """
                {"id":"0ed0dae1-669c-4832-8daf-d05486e27c19","created_at":1,"updated_at":1,"name":null,"retries":5,
                 "protocol":"http","host":"h.test","port":80,"path":null,"connect_timeout":60000,"write_timeout":60000,
                 "read_timeout":60000,"tags":null,"client_certificate":null,"tls_verify":null,"tls_verify_depth":null,
                 "ca_certificates":null,"enabled":true}""";
        assertThat(SPEC.validate("GET", "/services/x", 200, KongHttp.JSON.readTree(service))).isEmpty();
        assertThat(SPEC.validate("GET", "/services", 200,
                KongHttp.JSON.readTree("{\"data\":[" + service + "],\"next\":null}"))).isEmpty();
    }

    @Test
    void rejectsUnknownFieldsWrongTypesAndUnwrappedLists() {
        assertThat(SPEC.validate("GET", "/services/x", 200,
                KongHttp.JSON.readTree("{\"host\":\"h\",\"url\":\"http://h\",\"surprise\":1}"))).isNotEmpty();
        assertThat(SPEC.validate("GET", "/services/x", 200, KongHttp.JSON.readTree("{\"port\":\"80\"}"))).isNotEmpty();
        assertThat(SPEC.validate("GET", "/routes", 200, KongHttp.JSON.readTree("{\"data\":{}}"))).isNotEmpty();
        assertThat(SPEC.validate("POST", "/consumers", 201, KongHttp.JSON.readTree("{\"username\":5}"))).isNotEmpty();
    }

    @Test
    void knowsWhichPathsTheSubsetDocuments() {
        assertThat(SPEC.documents("GET", "/consumers/bob/key-auth/abc")).isTrue();
        assertThat(SPEC.documents("PUT", "/services/x/routes/y")).isTrue();
        assertThat(SPEC.documents("GET", "/plugins/enabled")).isFalse();
    }
}
