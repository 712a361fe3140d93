package dev.pagila.query.cache;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test class's own Redis Cluster, started once for the class, and an emptied cache on it for each test. */
abstract class OnRedisCluster {

    @TempDir
    static Path directory;
    static ClusterStores stores;
    VersionedCache cache;

    @BeforeAll
    static void startCluster() {
        stores = new ClusterStores(directory);
    }

    @AfterAll
    static void stopCluster() {
        stores.close();
    }

    @BeforeEach
    void emptyCache() {
        cache = stores.cache();
        cache.flush();
    }

    @AfterEach
    void closeCache() {
        cache.close();
    }
}
