package dev.tether.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void readsHerokusFormAndRequiresTls() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u1abc:p%40ss@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d9xyz");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://ec2-1-2-3-4.compute-1.amazonaws.com:5432/d9xyz?sslmode=require");
        assertThat(url.username()).isEqualTo("u1abc");
        assertThat(url.password()).isEqualTo("p@ss");
    }

    @Test
    void keepsAnSslModeTheUrlNamesAndRelaxesItOnThisMachine() {
        assertThat(DatabaseUrl.parse("postgresql://u:p@db.internal/app?sslmode=verify-full").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.internal:5432/app?sslmode=verify-full");
        assertThat(DatabaseUrl.parse("postgres://u:p@localhost:6543/app").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:6543/app?sslmode=prefer");
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(DatabaseUrl.parse("postgres://u:hunter2@h:5432/d").toString()).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:p@h/d", "postgres://h", "not a url at all", "postgres:///d"})
    void namesDatabaseUrlWhenItCannotBeRead(String bad) {
        assertThatThrownBy(() -> DatabaseUrl.parse(bad))
                .isInstanceOf(MissingSettingException.class)
                .hasMessageStartingWith("DATABASE_URL");
    }
}
