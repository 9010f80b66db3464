package graphsvc.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

import graphsvc.procedures.ShortestPath;

/**
 * Runs a Neo4j Community DBMS with Bolt on one address until the process is
 * signalled. Prints "graphsvc-neo4j ready" on stdout once Bolt accepts
 * connections, so the Python side can wait for a single line.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path home = Path.of(require(opts, "home")).toAbsolutePath();
        String host = opts.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(opts.getOrDefault("port", "7687"));
        String pageCache = opts.getOrDefault("pagecache", "512m");
        // The password arrives through the environment, never argv, so it is
        // not visible in the process list.
        String password = System.getenv("GRAPHSVC_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("graphsvc-neo4j: GRAPHSVC_NEO4J_PASSWORD must be set (8 characters or more)");
            System.exit(2);
        }
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                // The default 2 s between checks would let a query run up to 2 s
                // past GRAPHSVC_QUERY_TIMEOUT before it is stopped.
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "graphsvc-neo4j-shutdown"));

        // The built-in user is created on first start with a default password;
        // setting it here on every start keeps the server in step with the
        // configured password. Neo4j refuses to "change" a password to the one
        // already set: that is the normal case on a restart, not an error.
        Map<String, Object> params = new HashMap<>();
        params.put("pw", password);
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                    .executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", params);
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("Old password and new password cannot be the same")) {
                // Exit rather than leave a server running that nobody can log in to
                // (Neo4j's own threads would keep the JVM alive after main ends).
                System.err.println("graphsvc-neo4j: cannot set the password: " + message);
                dbms.shutdown();
                System.exit(3);
            }
        }

        // graphsvc's own procedures, from this jar: the server is embedded,
        // so they are registered here rather than found in a plugins folder.
        GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        system.getDependencyResolver().resolveDependency(GlobalProcedures.class).registerProcedure(ShortestPath.class);

        System.out.println("graphsvc-neo4j ready bolt://" + host + ":" + port);
        System.out.flush();
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }
}
