package orchestrator.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Payara Micro process running the built WAR, started as docs/operations.md deploys it: {@code
 * java -jar payara-micro.jar --nohazelcast --maxHttpThreads 32 --port P --deploy
 * distribution-orchestrator.war}, configured only through its environment.
 */
public record PayaraProcess(Process process, Path log, int port) implements AutoCloseable {
  private static final Duration BOOT =
      Duration.ofSeconds(240); // generous: a busy 2-core machine boots slowly

  public static PayaraProcess start(Path work, Map<String, String> environment) throws IOException {
    return start(work, environment, List.of());
  }

  /** With more Payara Micro options, such as a post-boot command file. */
  public static PayaraProcess start(
      Path work, Map<String, String> environment, List<String> options) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path root = Files.createTempDirectory(work, "payara");
    Path log = root.resolve("server.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Djava.io.tmpdir=" + Files.createDirectories(root.resolve("tmp")),
                "-jar",
                System.getProperty("payara.micro.jar"),
                "--nohazelcast",
                "--maxHttpThreads",
                "32",
                "--port",
                String.valueOf(port),
                "--rootdir",
                root.resolve("micro").toString(),
                "--deploy",
                System.getProperty("orchestrator.war")));
    command.addAll(options);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(
            key ->
                key.startsWith("PYC_")
                    || key.startsWith("DB_")
                    || key.startsWith("MP_JWT")
                    || key.startsWith("DELIVERY_")
                    || key.startsWith("PURGE_")
                    || key.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(environment);
    return new PayaraProcess(builder.start(), log, port);
  }

  /** Waits until Payara Micro has booted (deployment done, or failed) and returns the log. */
  public String awaitBoot() throws Exception {
    Instant deadline = Instant.now().plus(BOOT);
    while (Instant.now().isBefore(deadline)) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      if (text.contains(" ready in ")) return text;
      if (!process.isAlive()) return text;
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Payara Micro did not boot within " + BOOT + ":\n" + tail(Files.readString(log)));
  }

  public HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)));
  }

  public HttpResponse<String> get(String path, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
        process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    keepLog();
  }

  /**
   * The server's log outlives the test's temporary folder: target/server-logs/, for reading after a
   * failure.
   */
  private void keepLog() {
    try {
      Path folder =
          Files.createDirectories(
              Path.of(System.getProperty("orchestrator.war")).getParent().resolve("server-logs"));
      Files.copy(
          log,
          folder.resolve(
              java.time.LocalTime.now().toString().replace(':', '-') + "-port-" + port + ".log"));
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not keep the server log " + log + ": " + e);
    }
  }

  /** Ends the process at once, as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
    keepLog();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }
}
