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
            Usage: import --source-url=<jdbc url> [--source-user=<user>] [--source-password=<password>] [--follow]
            Imports a Pagila database into this command side's event store. Safe to run again and to resume.
              --follow   the first step of a live migration: creates a publication and a logical replication slot
                         in the source (wal_level=logical, a user with REPLICATION), imports from the snapshot the
                         slot exports and leaves the monolith the system of record: the command API answers 409
                         until cut-over, and a command side started with PAGILA_MIGRATION_SOURCE_URL follows the
                         slot. Needs an empty event store.
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
            if (!arg.startsWith("--source-url=") && !arg.startsWith("--source-user=") && !arg.startsWith("--source-password=")
                    && !arg.equals("--follow")) {
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
            if (Arrays.asList(args).contains("--follow")) {
                MigrationProperties migration = context.getBean(MigrationProperties.class);
                String user = option(args, "--source-user");
                try {
                    report = importer.importToFollow(new MigrationProperties.Source(url, user == null ? "postgres" : user,
                            option(args, "--source-password")), migration.slot(), migration.publication(), ConsoleProgress.forSystemOut());
                } catch (MigrationStateException | IllegalStateException e) {
                    System.err.println("import: " + e.getMessage());
                    return 1;
                }
                System.out.print(report.render());
                System.out.println("Following starts at the slot " + migration.slot() + "; the monolith stays the system of record until cut-over.");
                return 0;
            }
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
