package dev.tether;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Tether: keeps a declared topology of Heroku apps and Kong gateway entries true in the
 * real world. One jar; the role (web, worker, or both in sandbox mode) is chosen at start.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TetherApplication {

    public static void main(String[] args) {
        SpringApplication.run(TetherApplication.class, args);
    }
}
