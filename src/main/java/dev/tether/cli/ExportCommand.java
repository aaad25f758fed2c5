package dev.tether.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tether export [--team T] [--app GLOB] [--kong-tag TAG] [--include-secrets]}: live state as manifests. */
@Command(name = "export", description = "Print what exists in Heroku and Kong as manifests that adopt it (secret values left out).")
final class ExportCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    TetherCli cli;

    @Option(names = "--team", description = "Only this team's apps")
    String team;

    @Option(names = "--app", description = "Only apps whose name matches this glob (e.g. 'shop-*')")
    String app;

    @Option(names = "--kong-tag", description = "Only Kong entities carrying this tag")
    String kongTag;

    @Option(names = "--include-secrets", description = "Write secret config var values into a <app>-secrets Secret that the app refers to")
    boolean includeSecrets;

    @Override
    public Integer call() {
        List<String> q = new ArrayList<>();
        add(q, "team", team);
        add(q, "app", app);
        add(q, "kongTag", kongTag);
        if (includeSecrets) {
            q.add("includeSecrets=true");
        }
        cli.out.print(cli.api().getText("/api/v1/export" + (q.isEmpty() ? "" : "?" + String.join("&", q))));
        return 0;
    }

    private static void add(List<String> q, String name, String value) {
        if (value != null) {
            q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
