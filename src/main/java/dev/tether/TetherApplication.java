package dev.tether;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tether: keeps a declared topology of Heroku apps and Kong gateway entries true in the
 * real world. One jar; what it does is chosen by its first argument:
 * <ul>
 *   <li>none: serve the API and run the loop (sandbox mode runs the emulators too);</li>
 *   <li>{@code migrate}: apply the Flyway migrations and exit (Heroku's release phase).</li>
 * </ul>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TetherApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(migrate(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(TetherApplication.class, args);
    }

    /** Starts without a web server, so Flyway migrates the schema, then stops. */
    public static int migrate(String[] args) {
        SpringApplication app = new SpringApplication(TetherApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext ctx = app.run(args)) {
            System.out.println("Tether: database schema is up to date");
            return SpringApplication.exit(ctx);
        }
    }
}
