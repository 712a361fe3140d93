package dev.pagila.command.migration;

import dev.pagila.command.CommandSideApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;

/**
 * {@code java -jar command-side-exec.jar import ...}: imports a Pagila database into the event store the
 * command side is configured for (the usual SPRING_DATASOURCE_* settings).
 * <pre>
 *   import --source-url=jdbc:postgresql://host:5432/pagila --source-user=u --source-password=p
 * </pre>
 */
public final class ImportCommandLine {

    static final String USAGE = """
            Usage: import --source-url=<jdbc url> [--source-user=<user>] [--source-password=<password>]
            Imports a Pagila database into this command side's event store. Safe to run again and to resume.
            (The local run imports the sample the project ships by itself, from a PostgreSQL it loads it into.)""";

    private ImportCommandLine() {
    }

    public static int run(String[] args) throws Exception {
        String url = option(args, "--source-url");
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(USAGE);
            return 0;
        }
        for (String arg : args) {
            if (!arg.startsWith("--source-url=") && !arg.startsWith("--source-user=") && !arg.startsWith("--source-password=")) {
                System.err.println("import: unknown option " + arg + " (--help lists the options)");
                return 2;
            }
        }
        if (url == null) {
            System.err.println("import: --source-url=<jdbc url> of the Pagila database is required (--help)");
            return 2;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandSideApplication.class)
                .web(WebApplicationType.NONE)
                .run()) {
            PagilaImporter importer = context.getBean(PagilaImporter.class);
            ImportReport report;
            try (Connection legacy = DriverManager.getConnection(url, option(args, "--source-user"),
                    option(args, "--source-password"))) {
                report = importer.importFrom(legacy, ConsoleProgress.forSystemOut());
            }
            System.out.print(report.render());
            return 0;
        }
    }

    private static String option(String[] args, String name) {
        return Arrays.stream(args)
                .filter(arg -> arg.startsWith(name + "="))
                .map(arg -> arg.substring(name.length() + 1))
                .findFirst()
                .orElse(null);
    }
}
