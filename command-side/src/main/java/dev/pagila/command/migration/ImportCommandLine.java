package dev.pagila.command.migration;

import dev.pagila.command.CommandSideApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar command-side-exec.jar import ...}: imports a Pagila database into the event store the
 * command side is configured for (the usual SPRING_DATASOURCE_* settings).
 * <pre>
 *   PAGILA_MIGRATION_SOURCE_PASSWORD=p import --source-url=jdbc:postgresql://host:5432/pagila --source-user=u
 * </pre>
 */
public final class ImportCommandLine {

    /** Where the follower finds the source's password too: one variable for the whole migration. */
    static final String PASSWORD_ENVIRONMENT = "PAGILA_MIGRATION_SOURCE_PASSWORD";

    static final String USAGE = """
            Usage: import --source-url=<jdbc url> [--source-user=<user>] [--source-password-file=<path>] [--follow]
            Imports a Pagila database into this command side's event store. Safe to run again and to resume.
              --source-user            its user (default postgres for --follow, else the driver's)
              --source-password-file   a file holding that user's password (its first line); else
                                       PAGILA_MIGRATION_SOURCE_PASSWORD, else none. (--source-password=<password>
                                       still works, with a warning: the process list shows it to everyone.)
              --follow   the first step of a live migration: creates a publication and a logical replication slot
                         in the source (wal_level=logical, a user with REPLICATION), imports from the snapshot the
                         slot exports and leaves the monolith the system of record: the command API answers 409
                         until cut-over, and a command side started with PAGILA_MIGRATION_SOURCE_URL follows the
                         slot. Needs an empty event store.
            (The local run imports the sample the project ships by itself, from a PostgreSQL it loads it into.)""";

    private ImportCommandLine() {
    }

    /** The options as understood, before anything is done with them. */
    record Options(String url, String user, String password, boolean follow) {

        @Override
        public String toString() {
            return "Options[url=" + url + ", user=" + user + ", follow=" + follow + "]"; // never the password
        }
    }

    /** An option that cannot be used as given: one line for the user, exit code 2. */
    static final class UsageException extends Exception {

        UsageException(String message) {
            super(message);
        }
    }

    public static int run(String[] args) throws Exception {
        return run(args, System.getenv(), System.out, System.err);
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        Options options;
        try {
            options = options(args, environment, err);
        } catch (UsageException e) {
            err.println("import: " + e.getMessage() + " (--help lists the options)");
            return 2;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandSideApplication.class)
                .web(WebApplicationType.NONE)
                .run()) {
            PagilaImporter importer = context.getBean(PagilaImporter.class);
            ImportReport report;
            if (options.follow()) {
                MigrationProperties migration = context.getBean(MigrationProperties.class);
                try {
                    report = importer.importToFollow(new MigrationProperties.Source(options.url(),
                                    options.user() == null ? "postgres" : options.user(), options.password()),
                            migration.slot(), migration.publication(), ConsoleProgress.forSystemOut());
                } catch (MigrationStateException | IllegalStateException e) {
                    err.println("import: " + e.getMessage());
                    return 1;
                }
                out.print(report.render());
                out.println("Following starts at the slot " + migration.slot() + "; the monolith stays the system of record until cut-over.");
                return 0;
            }
            try (Connection legacy = DriverManager.getConnection(options.url(), options.user(), options.password())) {
                report = importer.importFrom(legacy, ConsoleProgress.forSystemOut());
            }
            out.print(report.render());
            return 0;
        }
    }

    /**
     * Reads the options, the password from its file or the environment; a password given on the command line is
     * accepted with a warning on {@code err}, since refusing it would break the scripts that pass it today.
     */
    static Options options(String[] args, Map<String, String> environment, PrintStream err) throws UsageException {
        for (String arg : args) {
            if (!arg.startsWith("--source-url=") && !arg.startsWith("--source-user=") && !arg.startsWith("--source-password=")
                    && !arg.startsWith("--source-password-file=") && !arg.equals("--follow")) {
                throw new UsageException("unknown option " + arg);
            }
        }
        String url = option(args, "--source-url");
        if (url == null) {
            throw new UsageException("--source-url=<jdbc url> of the Pagila database is required");
        }
        String value = option(args, "--source-password");
        String file = option(args, "--source-password-file");
        String password;
        if (value != null && file != null) {
            throw new UsageException("give either --source-password-file or --source-password, not both");
        } else if (file != null) {
            password = firstLine(Path.of(file));
        } else if (value != null) {
            err.println("import: warning: --source-password shows in the process list; use " + PASSWORD_ENVIRONMENT
                    + " or --source-password-file=<path>");
            password = value;
        } else {
            password = environment.get(PASSWORD_ENVIRONMENT);
        }
        return new Options(url, option(args, "--source-user"), password, Arrays.asList(args).contains("--follow"));
    }

    private static String firstLine(Path file) throws UsageException {
        try {
            String content = Files.readString(file);
            int end = content.indexOf('\n');
            String line = end < 0 ? content : content.substring(0, end);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException ? "no such file"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof CharacterCodingException ? "not UTF-8 text"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UsageException("--source-password-file: cannot read " + file + " (" + reason + ")");
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
