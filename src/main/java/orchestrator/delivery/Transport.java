package orchestrator.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import orchestrator.nodes.Node;

/**
 * POSTs a message to a node (§9). One HTTP client for the whole application, so connections to a
 * node are kept open and reused from one delivery to the next.
 *
 * <p>Calls under way run the client's blocking {@code send} on a pool of their own. The client's
 * {@code sendAsync} hands every answer to CompletableFuture's default executor, which, where the
 * common pool has one thread (two cores or fewer), starts a new thread for each task: a thread
 * created and ended per delivery.
 */
@ApplicationScoped
public class Transport {
  private static final int MAX_ERROR = 2000;

  @Inject DeliverySettings settings;
  @Inject Clock clock;
  @Resource ManagedThreadFactory threads;

  /**
   * The client's own work (reading an answer off its connection, completing the call) runs on its
   * selector thread instead of being handed to a pool of its own: the hand-off cost more than the
   * work (docs/performance.md, eighth round). No code of ours runs there: answers are discarded and
   * each call is awaited on its own thread.
   */
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .executor(Runnable::run)
          .build();

  /** Threads that wait for answers: as many as calls are under way (at most five per running worker), idle ones kept a minute. */
  private volatile ExecutorService calls;

  @PostConstruct
  void createPool() {
    calls = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
  }

  /** Interrupts the calls under way: their workers record them as interrupted. */
  @PreDestroy
  void stop() {
    calls.shutdownNow();
  }

  /** A call under way: sent, its answer not yet read (or, when it could not even be sent, its result). */
  public record Call(Node node, long startedNanos, Future<HttpResponse<Void>> response, AttemptResult notSent) {}

  /** Sends without waiting: several calls can be under way at once; {@link #finish} reads each answer. */
  public Call start(Node node, Parcel parcel) {
    long started = System.nanoTime();
    try {
      HttpRequest request = request(node, parcel);
      return new Call(node, started, calls.submit(() -> client.send(request, HttpResponse.BodyHandlers.discarding())), null);
    } catch (IllegalArgumentException e) {
      return new Call(node, started, null, AttemptResult.failed(null, trim("request not sendable: " + e.getMessage()), elapsedMs(started)));
    } catch (RejectedExecutionException e) {
      return new Call(node, started, null, AttemptResult.unreachable("not sent (shutting down)", elapsedMs(started)));
    }
  }

  /** Waits for a call's answer, at most until delivery.timeout after it was sent. */
  public AttemptResult finish(Call call) {
    if (call.notSent() != null) return call.notSent();
    long started = call.startedNanos();
    try {
      // the whole exchange, body included, within delivery.timeout (the request timeout alone stops at the headers)
      long left = settings.timeout().toNanos() - (System.nanoTime() - started);
      HttpResponse<Void> response = call.response().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      long ms = elapsedMs(started);
      int status = response.statusCode();
      if (status >= 200 && status < 300) return AttemptResult.delivered(status, ms);
      return AttemptResult.failed(status, "HTTP " + status, ms);
    } catch (TimeoutException e) {
      call.response().cancel(true); // interrupts the send, which abandons the exchange
      return timedOut(started);
    } catch (ExecutionException e) {
      return failure(call.node(), e.getCause(), started);
    } catch (InterruptedException e) {
      call.response().cancel(true);
      Thread.currentThread().interrupt();
      return AttemptResult.unreachable("interrupted (shutting down)", elapsedMs(started));
    }
  }

  private AttemptResult failure(Node node, Throwable cause, long started) {
    if (cause instanceof HttpConnectTimeoutException) return AttemptResult.unreachable("connection timed out", elapsedMs(started));
    if (cause instanceof HttpTimeoutException) return timedOut(started);
    if (cause instanceof ConnectException) return AttemptResult.unreachable("connection refused: " + node.endpoint(), elapsedMs(started));
    if (cause instanceof IllegalArgumentException) return AttemptResult.failed(null, trim("request not sendable: " + cause.getMessage()), elapsedMs(started));
    if (cause instanceof InterruptedException) return AttemptResult.unreachable("interrupted (shutting down)", elapsedMs(started));
    if (cause instanceof IOException && cause.getCause() != null) cause = cause.getCause(); // send wraps the client's own exception
    return AttemptResult.unreachable(trim("connection failed: " + cause), elapsedMs(started));
  }

  private AttemptResult timedOut(long started) {
    return AttemptResult.unreachable("no answer within " + seconds(settings.timeout()) + " s (delivery.timeout)", elapsedMs(started));
  }

  private HttpRequest request(Node node, Parcel parcel) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.endpoint()))
            .timeout(settings.timeout())
            .POST(HttpRequest.BodyPublishers.ofByteArray(parcel.body()))
            .header("Content-Type", parcel.contentType())
            .header("Event-Type", parcel.eventType())
            .header("Message-Id", parcel.messageId().toString())
            .header("Delivery-Attempt", String.valueOf(parcel.attempt()));
    String[] auth = node.auth().header();
    if (auth != null) request.header(auth[0], auth[1]);
    if (node.secret() != null) {
      long timestamp = clock.instant().getEpochSecond();
      String id = parcel.messageId().toString();
      request.header("webhook-id", id)
          .header("webhook-timestamp", String.valueOf(timestamp))
          .header("webhook-signature", WebhookSignature.sign(node.secret(), id, timestamp, parcel.body()));
    }
    return request.build();
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private static String seconds(Duration duration) {
    return java.math.BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  private static String trim(String text) {
    return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
  }
}
