package dev.pagila.stack;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Redis Cluster on loopback: three masters, each with one replica, on six consecutive ports (and, as Redis
 * Cluster requires, their bus ports 10000 above). It holds a cache, so nothing is persisted but each node's cluster
 * state file, kept in the given directory with the nodes' logs.
 * <p>
 * The nodes are redis-server processes this class starts itself, from the binary the embedded-redis jar ships, so
 * that it can kill a master with SIGKILL (a crash, not a shutdown) and watch a replica take over.
 * <p>
 * {@code cluster-require-full-coverage no}: while a dead master's slots wait for a replica to take them over, the other
 * masters keep answering for theirs. For a cache, part of it answering beats none of it answering; the lost slots
 * answer with errors, which the clients treat as a cache miss.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    public static final int MASTERS = 3;
    public static final int NODES = 2 * MASTERS;
    /** Redis Cluster's bus of each node listens this far above the node's port. */
    private static final int BUS_PORT_OFFSET = 10_000;
    /** A master unreachable this long is failed over: short, so that a failover takes a few seconds. */
    private static final Duration NODE_TIMEOUT = Duration.ofMillis(2000);
    private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    private static final String HOST = "127.0.0.1";

    private final int firstPort;
    private final Path directory;
    private final File executable;
    private final RedisClient client;
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    private final Set<Integer> killed = ConcurrentHashMap.newKeySet();
    private final Thread killOnExit = new Thread(this::killAll, "redis-cluster-kill-on-exit");

    private EmbeddedRedisCluster(int firstPort, Path directory, File executable) {
        this.firstPort = firstPort;
        this.directory = directory;
        this.executable = executable;
        this.client = RedisClient.create();
        this.client.setDefaultTimeout(Duration.ofSeconds(2));
    }

    /**
     * Starts six nodes on {@code firstPort} to {@code firstPort + 5} and forms a cluster of them: slots split evenly
     * over the first three, each of the other three a replica of one of them. Returns once every node reports the
     * cluster ok and every replica is in sync with its master.
     */
    public static EmbeddedRedisCluster start(int firstPort, Path directory) {
        if (firstPort < 1 || firstPort + NODES - 1 + BUS_PORT_OFFSET > 65_535) {
            throw new LocalStackException("a Redis Cluster on port " + firstPort + " needs ports up to " + (firstPort + NODES - 1)
                    + " and their bus ports, " + BUS_PORT_OFFSET + " above: pick a port below "
                    + (65_535 - BUS_PORT_OFFSET - NODES + 2) + " with --redis-port=<port>");
        }
        for (int port : IntStream.range(firstPort, firstPort + NODES).toArray()) {
            Ports.requireFree(port, "Redis Cluster node", "--redis-port");
            Ports.requireFree(port + BUS_PORT_OFFSET, "Redis Cluster bus of port " + port, "--redis-port");
        }
        EmbeddedRedisCluster cluster;
        try {
            Files.createDirectories(directory);
            cluster = new EmbeddedRedisCluster(firstPort, directory, ExecutableProvider.newJarResourceProvider().get());
        } catch (IOException e) {
            throw new LocalStackException("Redis Cluster could not be prepared in " + directory + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(cluster.killOnExit);
        try {
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** A first port from which the six node ports and their bus ports are free right now; for tests. */
    public static int anyFreeFirstPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 50_000);
            if (IntStream.range(first, first + NODES).allMatch(port -> Ports.isFree(port) && Ports.isFree(port + BUS_PORT_OFFSET))) {
                return first;
            }
        }
        throw new LocalStackException("no six consecutive free ports for a Redis Cluster");
    }

    /** Every node as {@code host:port}: the value of {@code SPRING_DATA_REDIS_CLUSTER_NODES}, comma-separated. */
    public List<String> nodes() {
        return ports().mapToObj(port -> HOST + ":" + port).toList();
    }

    /** The ports of the masters that serve slots now, in ascending order. */
    public List<Integer> masters() {
        return topology().stream()
                .filter(node -> node.is(NodeFlag.UPSTREAM) && !node.hasNoSlots() && !failed(node))
                .map(node -> node.getUri().getPort()).sorted().toList();
    }

    /** The port of the master that serves {@code key}'s hash slot now. */
    public int masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        return topology().stream().filter(node -> node.is(NodeFlag.UPSTREAM) && node.hasSlot(slot))
                .map(node -> node.getUri().getPort()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
    }

    /** The ports of the replicas of the master on {@code port}. */
    public List<Integer> replicasOf(int port) {
        Partitions topology = topology();
        String masterId = topology.stream().filter(node -> node.getUri().getPort() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node on port " + port)).getNodeId();
        return topology.stream().filter(node -> masterId.equals(node.getSlaveOf()))
                .map(node -> node.getUri().getPort()).sorted().toList();
    }

    /** Runs commands on the one node on {@code port} (not cluster-aware: no redirects are followed). */
    public <T> T onNode(int port, Function<RedisCommands<String, String>, T> commands) {
        try (StatefulRedisConnection<String, String> connection = client.connect(uri(port))) {
            return commands.apply(connection.sync());
        }
    }

    /**
     * Kills the master at {@code index} of {@link #masters()} with SIGKILL, as a crash would: no shutdown, nothing
     * flushed to its replica that it had not sent already. Returns the port it listened on.
     */
    public int killMaster(int index) {
        int port = masters().get(index);
        Process process = processes.remove(port);
        process.destroyForcibly(); // SIGKILL on Unix
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing Redis on port " + port, e);
        }
        killed.add(port);
        return port;
    }

    /**
     * Waits until the killed masters' replicas have taken over: every slot served by a master that is alive, as every
     * live node sees it, and the cluster ok on each of them.
     */
    public void awaitFailover() {
        awaitUntil("a replica of each killed master to take over its slots", FAILOVER_TIMEOUT, this::settled);
    }

    /** Starts a killed node again, on its port and with its cluster state: it rejoins as a replica of its replacement. */
    public void restart(int port) {
        if (!killed.contains(port)) {
            throw new IllegalArgumentException("the node on port " + port + " was not killed");
        }
        launch(port);
        killed.remove(port);
        awaitAccepting(port);
        awaitUntil("the node on port " + port + " to rejoin as a replica", FORMATION_TIMEOUT,
                () -> settled() && replicaInSync(port));
    }

    /** Stops every node. Their logs and cluster state files stay in the directory. */
    @Override
    public void close() {
        killAll();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
    }

    private void form() {
        ports().forEach(this::launch);
        ports().forEach(this::awaitAccepting);
        // a fresh cluster: each node with its own config epoch, as redis-cli gives them, so that no collision has to
        // be resolved before the cluster settles
        ports().forEach(port -> onNode(port, node -> node.clusterSetConfigEpoch(port - firstPort + 1)));
        onNode(firstPort, node -> {
            ports().filter(port -> port != firstPort).forEach(port -> node.clusterMeet(HOST, port));
            return null;
        });
        int slotsPerMaster = (SlotHash.SLOT_COUNT + MASTERS - 1) / MASTERS;
        List<String> masterIds = new ArrayList<>();
        for (int master = 0; master < MASTERS; master++) {
            int from = master * slotsPerMaster;
            int[] slots = IntStream.range(from, Math.min(SlotHash.SLOT_COUNT, from + slotsPerMaster)).toArray();
            masterIds.add(onNode(firstPort + master, node -> {
                node.clusterAddSlots(slots);
                return node.clusterMyId();
            }));
        }
        // a replica can follow only a master it has heard of
        awaitUntil("the nodes to meet", FORMATION_TIMEOUT, () -> ports().allMatch(port -> {
            try {
                Partitions view = view(port);
                return view.size() == NODES && view.stream().noneMatch(node -> node.is(NodeFlag.HANDSHAKE));
            } catch (RuntimeException notYet) {
                return false;
            }
        }));
        for (int replica = 0; replica < MASTERS; replica++) {
            String masterId = masterIds.get(replica);
            onNode(firstPort + MASTERS + replica, node -> node.clusterReplicate(masterId));
        }
        awaitUntil("the cluster to form", FORMATION_TIMEOUT, () -> settled()
                && IntStream.range(firstPort + MASTERS, firstPort + NODES).allMatch(this::replicaInSync));
    }

    private void launch(int port) {
        List<String> command = List.of(executable.getAbsolutePath(),
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--dir", directory.toAbsolutePath().toString(),
                "--cluster-enabled", "yes",
                "--cluster-config-file", nodeConfig(port).getFileName().toString(),
                "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
                "--cluster-require-full-coverage", "no",
                "--save", "",
                "--appendonly", "no",
                // replicas sync over the socket, not through an RDB file on disk
                "--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "0",
                "--repl-diskless-load", "on-empty-db",
                "--maxmemory", "256mb",
                "--maxmemory-policy", "allkeys-lru");
        try {
            if (!killed.contains(port)) {
                // a new cluster: state left by an earlier run would make the node refuse to be formed again
                Files.deleteIfExists(nodeConfig(port));
            }
            processes.put(port, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(port).toFile())).start());
        } catch (IOException e) {
            throw new LocalStackException("Redis on port " + port + " did not start: " + e.getMessage(), e);
        }
    }

    private void awaitAccepting(int port) {
        Process process = processes.get(port);
        awaitUntil("Redis on port " + port + " to accept connections (log: " + log(port) + ")", FORMATION_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new LocalStackException("Redis on port " + port + " exited with " + process.exitValue() + "; see " + log(port));
            }
            try {
                return "PONG".equals(onNode(port, RedisCommands::ping));
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private Path nodeConfig(int port) {
        return directory.resolve("nodes-" + port + ".conf");
    }

    private Path log(int port) {
        return directory.resolve("redis-" + port + ".log");
    }

    /**
     * As each live node sees the cluster: every slot served by exactly one live master, every other live node a
     * replica of one of them, and the cluster ok.
     */
    private boolean settled() {
        try {
            return processes.keySet().stream().allMatch(port -> {
                Partitions view = view(port);
                List<RedisClusterNode> live = view.stream()
                        .filter(node -> !failed(node) && processes.containsKey(node.getUri().getPort())).toList();
                List<RedisClusterNode> masters = live.stream().filter(node -> node.is(NodeFlag.UPSTREAM) && !node.hasNoSlots()).toList();
                Set<String> masterIds = masters.stream().map(RedisClusterNode::getNodeId).collect(Collectors.toSet());
                int[] owners = new int[SlotHash.SLOT_COUNT];
                masters.forEach(master -> master.forEachSlot(slot -> owners[slot]++));
                return live.size() == processes.size()
                        && IntStream.of(owners).allMatch(count -> count == 1)
                        && live.stream().allMatch(node -> masterIds.contains(node.getNodeId()) || masterIds.contains(node.getSlaveOf()))
                        && onNode(port, RedisCommands::clusterInfo).contains("cluster_state:ok");
            });
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private boolean replicaInSync(int port) {
        try {
            String replication = onNode(port, node -> node.info("replication"));
            return replication.contains("role:slave") && replication.contains("master_link_status:up");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** The cluster as the first live node sees it. */
    private Partitions topology() {
        return view(new TreeSet<>(processes.keySet()).first());
    }

    private Partitions view(int port) {
        String nodes = onNode(port, RedisCommands::clusterNodes);
        Partitions view = ClusterPartitionParser.parse(nodes);
        // a node lists itself with the address its peers reach it by, but before it has met one, with none
        view.stream().filter(node -> node.is(NodeFlag.MYSELF)).forEach(node -> node.setUri(uri(port)));
        return view;
    }

    private static boolean failed(RedisClusterNode node) {
        return node.is(NodeFlag.FAIL) || node.is(NodeFlag.EVENTUAL_FAIL);
    }

    private IntStream ports() {
        return IntStream.range(firstPort, firstPort + NODES);
    }

    private static RedisURI uri(int port) {
        return RedisURI.builder().withHost(HOST).withPort(port).withTimeout(Duration.ofSeconds(2)).build();
    }

    private void killAll() {
        processes.values().forEach(Process::destroy);
        processes.forEach((port, process) -> {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        });
        processes.clear();
    }

    private static void awaitUntil(String what, Duration timeout, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new LocalStackException("Redis Cluster: timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("Redis Cluster: interrupted while waiting for " + what, e);
            }
        }
    }
}
