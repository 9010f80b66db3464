package graphsvc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Query;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * Closed-loop load: each client sends a request, waits for the whole answer,
 * records the latency and sends the next, cycling through the samples.
 *
 * <p>Usage: {@code LoadGen spec.json} writes one JSON object to stdout. The spec:
 * {@code {"mode": "bolt" | "http", "uri", "user", "password", "database" (bolt),
 * "url" (http), "samples": [...], "warmup_seconds", "warmup_clients", "ramp_seconds",
 * "phases": [{"clients", "seconds", "min_requests"}]}}. Before each phase, the
 * clients of that phase run {@code ramp_seconds} unmeasured. A bolt sample is a list of
 * {@code {"query", "params"}} run one after the other in one session, each an
 * auto-commit query (as the API runs them); an http sample is a JSON request
 * body POSTed to the url over one keep-alive connection per client
 * ({@link HttpConnection}). The output:
 * {@code {"warmup": phase or null, "phases": [phase, ...]}}, each phase
 * {@code {"clients", "seconds", "latencies_ms": [...], "errors", "first_error",
 * "client_gc_ms", "client_cpu_ms"}}, the last two the load generator's own
 * garbage-collection pauses and CPU time (all its threads) during the phase.
 */
public final class LoadGen {
  private static final ObjectMapper JSON = new ObjectMapper();

  interface Call {
    void run(int client, int sample) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    JsonNode spec = JSON.readTree(new File(args[0]));
    String mode = spec.get("mode").asText();
    JsonNode samples = spec.get("samples");
    List<Map<String, Object>> phases = new ArrayList<>();
    Map<String, Object> warm;
    if (mode.equals("bolt")) {
      Config config = Config.builder().withMaxConnectionPoolSize(256).build();
      try (Driver driver =
          GraphDatabase.driver(
              spec.get("uri").asText(),
              AuthTokens.basic(spec.get("user").asText(), spec.get("password").asText()),
              config)) {
        SessionConfig session =
            SessionConfig.builder()
                .withDatabase(spec.get("database").asText())
                .withDefaultAccessMode(AccessMode.READ)
                .build();
        List<List<Query>> queries = new ArrayList<>();
        for (JsonNode sample : samples) {
          List<Query> steps = new ArrayList<>();
          for (JsonNode step : sample) {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = JSON.convertValue(step.get("params"), Map.class);
            steps.add(new Query(step.get("query").asText(), params));
          }
          queries.add(steps);
        }
        Call call =
            (client, i) -> {
              try (Session s = driver.session(session)) {
                for (Query q : queries.get(i % queries.size())) {
                  s.run(q).list();
                }
              }
            };
        warm = runAll(spec, call, phases);
      }
    } else {
      URI url = URI.create(spec.get("url").asText());
      List<byte[]> requests = new ArrayList<>();
      for (JsonNode sample : samples) {
        requests.add(HttpConnection.post(url, JSON.writeValueAsBytes(sample)));
      }
      // One keep-alive connection per client, as a browser or a GraphQL
      // client library holds one; opened on the client's first request.
      HttpConnection[] connections = new HttpConnection[maxClients(spec)];
      Call call =
          (client, i) -> {
            if (connections[client] == null) {
              connections[client] = new HttpConnection(url);
            }
            HttpConnection.Response response =
                connections[client].exchange(requests.get(i % requests.size()));
            if (response.status() != 200 || JSON.readTree(response.body()).has("errors")) {
              String text = new String(response.body(), StandardCharsets.UTF_8);
              throw new IllegalStateException(
                  response.status() + ": " + text.substring(0, Math.min(200, text.length())));
            }
          };
      try {
        warm = runAll(spec, call, phases);
      } finally {
        for (HttpConnection c : connections) {
          if (c != null) {
            c.close();
          }
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("warmup", warm);
    out.put("phases", phases);
    System.out.println(JSON.writeValueAsString(out));
  }

  private static int maxClients(JsonNode spec) {
    int most = spec.path("warmup_clients").asInt(2);
    for (JsonNode p : spec.get("phases")) {
      most = Math.max(most, p.get("clients").asInt());
    }
    return most;
  }

  private static Map<String, Object> runAll(
      JsonNode spec, Call call, List<Map<String, Object>> phases) throws InterruptedException {
    // Warm-up: the JIT compiles the client and the server's code paths, the
    // server plans the queries. Its latencies are reported apart.
    double warmup = spec.path("warmup_seconds").asDouble(2.0);
    int warmupClients = spec.path("warmup_clients").asInt(2);
    Map<String, Object> warm = null;
    if (warmup > 0) {
      warm = phase(call, warmupClients, warmup, 10);
    }
    // A phase with more clients than the one before opens new connections,
    // and the server starts threads for them: that is done in the ramp.
    double ramp = spec.path("ramp_seconds").asDouble(0.0);
    for (JsonNode p : spec.get("phases")) {
      int clients = p.get("clients").asInt();
      if (ramp > 0) {
        phase(call, clients, ramp, clients);
      }
      phases.add(phase(call, clients, p.get("seconds").asDouble(), p.path("min_requests").asInt(5)));
    }
    return warm;
  }

  private static Map<String, Object> phase(Call call, int clients, double seconds, int minRequests)
      throws InterruptedException {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    String[] firstError = {null};
    List<double[]> perClient = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    Thread[] threads = new Thread[clients];
    for (int k = 0; k < clients; k++) {
      perClient.add(new double[200_000]);
      counts.add(0);
    }
    long gc0 = gcPauseMillis();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (seconds * 1e9);
    for (int k = 0; k < clients; k++) {
      final int client = k;
      double[] mine = perClient.get(k);
      threads[k] =
          new Thread(
              () -> {
                int n = 0;
                while (n < mine.length) {
                  if (System.nanoTime() >= deadline && started.get() >= minRequests) {
                    break;
                  }
                  started.incrementAndGet();
                  long t = System.nanoTime();
                  try {
                    call.run(client, client * 7919 + n);
                  } catch (Exception e) {
                    if (errors.getAndIncrement() == 0) {
                      firstError[0] = String.valueOf(e);
                    }
                  }
                  mine[n++] = (System.nanoTime() - t) / 1e6;
                }
                synchronized (counts) {
                  counts.set(client, n);
                }
              });
      threads[k].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long gcMillis = gcPauseMillis() - gc0;
    double cpuMillis = (cpuNanos() - cpu0) / 1e6;
    List<Double> latencies = new ArrayList<>();
    for (int k = 0; k < clients; k++) {
      double[] mine = perClient.get(k);
      for (int i = 0; i < counts.get(k); i++) {
        latencies.add(Math.round(mine[i] * 1000) / 1000.0);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clients", clients);
    out.put("seconds", elapsed);
    out.put("latencies_ms", latencies);
    out.put("errors", errors.get());
    out.put("first_error", firstError[0]);
    out.put("client_gc_ms", gcMillis);
    out.put("client_cpu_ms", Math.round(cpuMillis * 10) / 10.0);
    return out;
  }

  /** CPU time this JVM has used so far, all threads; the clients share the cores with the server. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Milliseconds this JVM's collectors have paused it so far. ZGC reports its
   * concurrent cycles apart from its pauses; only the pauses stop the clients.
   */
  private static long gcPauseMillis() {
    List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
    boolean split = beans.stream().anyMatch(b -> b.getName().endsWith("Pauses"));
    long total = 0;
    for (GarbageCollectorMXBean b : beans) {
      if (!split || b.getName().endsWith("Pauses")) {
        total += Math.max(0, b.getCollectionTime());
      }
    }
    return total;
  }
}
