package dev.pagila.cli;

import dev.pagila.load.ChaosRun;
import dev.pagila.load.FollowBenchmark;
import dev.pagila.load.ProjectionBenchmark;
import dev.pagila.load.QueryBenchmark;
import dev.pagila.load.RentalBenchmark;
import dev.pagila.load.SyntheticHistory;
import dev.pagila.load.ViewBenchmark;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import dev.pagila.parity.ParityCheck;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The one command line of the local platform and its operators: {@code java -jar cli/target/pagila-exec.jar
 * <command>} ({@code ./run-local} is {@code run}). Every command answers {@code --help}; a mistyped option or value
 * is one line on stderr and exit code 2, before anything is done.
 */
@Command(name = "pagila", mixinStandardHelpOptions = true, version = "Pagila CQRS local platform", scope = CommandLine.ScopeType.INHERIT,
        description = "The local platform, its operators' tools, the live migration, the parity check and the benchmarks.",
        subcommands = {PagilaCli.Run.class, AdminCli.class, MigrateCli.class, SecurityCli.class, ParityCheck.Command.class,
                PagilaCli.Bench.class, QueryBenchmark.Command.class, RentalBenchmark.Command.class,
                ViewBenchmark.Command.class, ProjectionBenchmark.Command.class, FollowBenchmark.Command.class,
                SyntheticHistory.Command.class, ChaosRun.Command.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class PagilaCli implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PagilaCli());
        cli.setParameterExceptionHandler((problem, args) -> {
            PrintWriter err = problem.getCommandLine().getErr();
            err.println(problem.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^pagila ", "") + ": "
                    + problem.getMessage() + " (--help lists the options)");
            return CommandLine.ExitCode.USAGE;
        });
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return cli;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** {@code ./run-local}: the whole platform on the embedded stores until Ctrl-C. */
    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Starts PostgreSQL, Redis, DynamoDB Local and both apps; imports the Pagila sample into an empty event store.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--data-dir", paramLabel = "<dir>", description = "where PostgreSQL keeps the events and DynamoDB Local the"
                + " read model (default .local-data); a restart projects only what happened since the last stop")
        Path dataDirectory;

        @Option(names = "--read-model-in-memory", description = "keep the read model in DynamoDB Local's memory instead: every"
                + " start fills it again from the events")
        boolean readModelInMemory;

        @Option(names = "--wipe", description = "delete the data directory first and start from nothing")
        boolean wipe;

        @Option(names = "--no-sample", description = "do not import the Pagila sample into an empty event store")
        boolean noSample;

        @Option(names = "--follow-legacy", description = "a live migration: import the sample from a replication slot's snapshot and"
                + " keep following pagila_legacy (change it with psql) until 'migrate cut-over'; commands answer 409 until"
                + " then. Needs an empty event store on first use (with --wipe)")
        boolean followLegacy;

        @Option(names = "--command-port", paramLabel = "<port>", converter = PortConverter.class, defaultValue = "8080",
                description = "command API (default ${DEFAULT-VALUE})")
        int commandPort;

        @Option(names = "--query-port", paramLabel = "<port>", converter = PortConverter.class, defaultValue = "8081",
                description = "query API (default ${DEFAULT-VALUE})")
        int queryPort;

        @Option(names = "--postgres-port", paramLabel = "<port>", converter = PortConverter.class, defaultValue = "15432",
                description = "embedded PostgreSQL (default ${DEFAULT-VALUE})")
        int postgresPort;

        @Option(names = "--redis-port", paramLabel = "<port>", converter = PortConverter.class, defaultValue = "16379",
                description = "embedded Redis, loopback only (default ${DEFAULT-VALUE})")
        int redisPort;

        @Option(names = "--dynamodb-port", paramLabel = "<port>", converter = PortConverter.class, defaultValue = "18000",
                description = "DynamoDB Local (default ${DEFAULT-VALUE})")
        int dynamoDbPort;

        @Option(names = "--bind-address", paramLabel = "<address>", converter = AddressConverter.class, defaultValue = "127.0.0.1",
                description = "where both APIs listen (default ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every"
                        + " interface). The stores always listen on loopback only")
        InetAddress bindAddress;

        @Option(names = "--instances", paramLabel = "<n>", converter = InstancesConverter.class, defaultValue = "1",
                description = "instances of each app (default ${DEFAULT-VALUE}); more than one runs them behind HAProxy (Debian's"
                        + " haproxy package) on the two API ports, the projections' segments shared among the query side's"
                        + " instances, and the cache on a Redis Cluster of three masters with a replica each on the Redis"
                        + " port and the five after it")
        int instances;

        /** The options as given, for a project checked out in {@code projectDirectory}. */
        LocalPlatformOptions options(Path projectDirectory) {
            LocalPlatformOptions options = LocalPlatformOptions.defaults(projectDirectory)
                    .withPorts(commandPort, queryPort, postgresPort, redisPort, dynamoDbPort)
                    .withBindAddress(bindAddress)
                    .withInstances(instances);
            if (dataDirectory != null) {
                options = options.withDataDirectory(dataDirectory);
            }
            options = readModelInMemory ? options.withReadModelInMemory() : options;
            options = wipe ? options.withWipe() : options;
            options = noSample ? options.withoutSample() : options;
            return followLegacy ? options.withFollowLegacy() : options;
        }

        @Override
        public Integer call() {
            return LocalPlatform.runUntilStopped(options(Path.of("").toAbsolutePath()));
        }
    }

    static final class PortConverter implements ITypeConverter<Integer> {

        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new TypeConversionException("must be a port number between 1 and 65535, got '" + value + "'");
        }
    }

    static final class InstancesConverter implements ITypeConverter<Integer> {

        static final int MOST = 8;

        @Override
        public Integer convert(String value) {
            try {
                int instances = Integer.parseInt(value);
                if (instances >= 1 && instances <= MOST) {
                    return instances;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new TypeConversionException("must be a number of instances from 1 to " + MOST + ", got '" + value + "'");
        }
    }

    static final class AddressConverter implements ITypeConverter<InetAddress> {

        @Override
        public InetAddress convert(String value) {
            try {
                return InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                throw new TypeConversionException("must be an address of this machine such as 127.0.0.1 or 0.0.0.0, got '"
                        + value + "'");
            }
        }
    }

    /** Both load benchmarks with their defaults, queries first on an idle platform. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Runs bench-queries and then bench-rentals with their defaults against the running local platform:",
                    "film detail from Redis and from DynamoDB, the monolith's film_list and the app's HTTP floor at 32 clients,",
                    "then rentals (rent-only and rent/return) at 16 clients beside the monolith's rental transaction on the same",
                    "PostgreSQL. Each prints its durability settings, ratios and its own CPU."})
    static final class Bench implements Callable<Integer> {

        @Override
        public Integer call() throws Exception {
            int queries = new CommandLine(new QueryBenchmark.Command()).execute(); // each with its defaults
            System.out.println();
            return queries != 0 ? queries : new CommandLine(new RentalBenchmark.Command()).execute();
        }
    }
}
