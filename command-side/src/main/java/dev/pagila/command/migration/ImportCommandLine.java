package dev.pagila.command.migration;

import dev.pagila.command.CommandSideApplication;
import dev.pagila.infra.local.EmbeddedPostgresServer;
import dev.pagila.infra.local.Ports;
import dev.pagila.infra.pagila.PagilaSample;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;

/**
 * {@code java -jar command-side-exec.jar import ...}: imports a Pagila database into the event store the
 * command side is configured for (the usual SPRING_DATASOURCE_* settings).
 * <pre>
 *   import --source-url=jdbc:postgresql://host:5432/pagila --source-user=u --source-password=p
 *   import --sample        (the Pagila sample the project ships, loaded into a temporary PostgreSQL)
 * </pre>
 */
public final class ImportCommandLine {

    static final String USAGE = """
            Usage: import --source-url=<jdbc url> [--source-user=<user>] [--source-password=<password>]
                   import --sample
            Imports a Pagila database into this command side's event store. Safe to run again and to resume.""";

    private ImportCommandLine() {
    }

    public static int run(String[] args) throws Exception {
        String url = option(args, "--source-url");
        boolean sample = Arrays.asList(args).contains("--sample");
        if ((url == null) == !sample) {
            System.err.println(USAGE);
            return 2;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandSideApplication.class)
                .web(WebApplicationType.NONE)
                .run()) {
            PagilaImporter importer = context.getBean(PagilaImporter.class);
            ImportReport report;
            if (sample) {
                report = importSample(importer);
            } else {
                try (Connection legacy = DriverManager.getConnection(url, option(args, "--source-user"),
                        option(args, "--source-password"))) {
                    report = importer.importFrom(legacy, ConsoleProgress.forSystemOut());
                }
            }
            System.out.print(report.render());
            return 0;
        }
    }

    private static ImportReport importSample(PagilaImporter importer) throws Exception {
        Path scratch = Files.createTempDirectory("pagila-sample");
        System.out.println("Loading the shipped Pagila sample into a temporary PostgreSQL...");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Ports.anyFree(), scratch, "pagila")) {
            PagilaSample.load(postgres.adminDataSource());
            try (Connection legacy = postgres.adminDataSource().getConnection()) {
                return importer.importFrom(legacy, ConsoleProgress.forSystemOut());
            }
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
