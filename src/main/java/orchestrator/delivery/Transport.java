package orchestrator.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
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
import orchestrator.nodes.NodeAuth;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs a message to a node (§9). One HTTP client for the whole application, so connections to a
 * node are kept open and reused from one delivery to the next.
 *
 * <p>Apache HttpClient's blocking client: the thread that makes a call writes the request and reads
 * the answer itself. The JDK's HttpClient passed both through its selector thread, two more
 * hand-offs between threads per delivery (docs/performance.md, twelfth round). It never sends a
 * request again on its own (no automatic retries): every request that leaves is an attempt the
 * worker records.
 */
@ApplicationScoped
public class Transport {
  private static final int MAX_ERROR = 2000;

  /**
   * A kept-alive connection idle this long is checked before it is reused (a read of 1 ms): a node
   * that closed it meanwhile would otherwise fail the next attempt. Connections in steady use are
   * not checked.
   */
  static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(1);

  @Inject DeliverySettings settings;
  @Inject Clock clock;
  @Resource ManagedThreadFactory threads;

  private volatile CloseableHttpClient client;

  /**
   * Threads that make the calls: as many as calls are under way (at most five per running worker),
   * idle ones kept a minute.
   */
  private volatile ExecutorService calls;

  /**
   * Connections: a worker has at most {@link NodeWorker#IN_FLIGHT} calls under way, so workers
   * times that, to one node or shared among nodes on one host. Connect, each read and the wait for
   * a pooled connection are bounded by delivery.timeout, so a call cut at the timeout ends soon
   * after on its own thread too.
   */
  @PostConstruct
  void createPool() {
    calls =
        new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    Timeout timeout = Timeout.of(settings.timeout());
    int connections = settings.workers() * NodeWorker.IN_FLIGHT;
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(connections)
            .setMaxConnPerRoute(connections)
            .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(timeout)
                    .setSocketTimeout(timeout)
                    .setValidateAfterInactivity(CHECK_AFTER_IDLE)
                    .build())
            .build();
    client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(timeout)
                    .setResponseTimeout(timeout)
                    .build())
            .build();
  }

  /**
   * Stops the calls under way (their workers record them as interrupted) and closes the
   * connections.
   */
  @PreDestroy
  void stop() {
    calls.shutdownNow();
    client.close(CloseMode.IMMEDIATE);
  }

  /**
   * A call under way: sent, its answer not yet read (or, when it could not even be sent, its
   * result).
   */
  public record Call(
      Node node,
      long startedNanos,
      HttpPost request,
      Future<Integer> status,
      AttemptResult notSent) {}

  /**
   * Sends without waiting: several calls can be under way at once; {@link #finish} reads each
   * answer.
   */
  public Call start(Node node, Parcel parcel) {
    long started = System.nanoTime();
    try {
      HttpPost request = request(node, parcel);
      return new Call(
          node,
          started,
          request,
          calls.submit(
              () ->
                  client.execute(
                      request,
                      response -> {
                        EntityUtils.consume(response.getEntity());
                        return response.getCode();
                      })),
          null);
    } catch (IllegalArgumentException e) {
      return new Call(
          node,
          started,
          null,
          null,
          AttemptResult.failed(
              null, trim("request not sendable: " + e.getMessage()), elapsedMs(started)));
    } catch (RejectedExecutionException e) {
      return new Call(
          node,
          started,
          null,
          null,
          AttemptResult.unreachable("not sent (shutting down)", elapsedMs(started)));
    }
  }

  /** Waits for a call's answer, at most until delivery.timeout after it was sent. */
  public AttemptResult finish(Call call) {
    if (call.notSent() != null) return call.notSent();
    long started = call.startedNanos();
    try {
      // the whole exchange, body included, within delivery.timeout (the client's timeouts bound
      // each read)
      long left = settings.timeout().toNanos() - (System.nanoTime() - started);
      int status = call.status().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      long ms = elapsedMs(started);
      if (status >= 200 && status < 300) return AttemptResult.delivered(status, ms);
      return AttemptResult.failed(status, "HTTP " + status, ms);
    } catch (TimeoutException e) {
      call.request().cancel(); // closes its connection: the call ends now
      return timedOut(started);
    } catch (ExecutionException e) {
      return failure(call.node(), e.getCause(), started);
    } catch (InterruptedException e) {
      call.request().cancel();
      Thread.currentThread().interrupt();
      return AttemptResult.unreachable("interrupted (shutting down)", elapsedMs(started));
    }
  }

  private AttemptResult failure(Node node, Throwable cause, long started) {
    if (cause instanceof ConnectTimeoutException)
      return AttemptResult.unreachable("connection timed out", elapsedMs(started));
    if (cause instanceof SocketTimeoutException) return timedOut(started);
    if (cause instanceof ConnectException)
      return AttemptResult.unreachable(
          "connection refused: " + node.endpoint(), elapsedMs(started));
    if (cause instanceof IllegalArgumentException)
      return AttemptResult.failed(
          null, trim("request not sendable: " + cause.getMessage()), elapsedMs(started));
    return AttemptResult.unreachable(trim("connection failed: " + cause), elapsedMs(started));
  }

  private AttemptResult timedOut(long started) {
    return AttemptResult.unreachable(
        "no answer within " + seconds(settings.timeout()) + " s (delivery.timeout)",
        elapsedMs(started));
  }

  private HttpPost request(Node node, Parcel parcel) {
    HttpPost request = new HttpPost(URI.create(node.endpoint()));
    request.setEntity(new ByteArrayEntity(parcel.body(), null));
    header(request, "Content-Type", parcel.contentType());
    header(request, "Event-Type", parcel.eventType());
    header(request, "Message-Id", parcel.messageId().toString());
    header(request, "Delivery-Attempt", String.valueOf(parcel.attempt()));
    String[] auth = node.auth().header();
    if (auth != null) {
      // registration refuses such names; a node stored before that rule is refused here, not sent a
      // second one
      if (NodeAuth.isClientHeader(auth[0]))
        throw new IllegalArgumentException("the client sets the header " + auth[0] + " itself");
      header(request, auth[0], auth[1]);
    }
    if (node.secret() != null) {
      long timestamp = clock.instant().getEpochSecond();
      String id = parcel.messageId().toString();
      header(request, "webhook-id", id);
      header(request, "webhook-timestamp", String.valueOf(timestamp));
      header(
          request,
          "webhook-signature",
          WebhookSignature.sign(node.secret(), id, timestamp, parcel.body()));
    }
    return request;
  }

  /**
   * Adds a header whose value cannot end its line early: no control character but tab (the client
   * would send it as it is).
   */
  private static void header(HttpPost request, String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f)
        throw new IllegalArgumentException("invalid header value for " + name);
    }
    request.addHeader(name, value);
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private static String seconds(Duration duration) {
    return java.math.BigDecimal.valueOf(duration.toMillis(), 3)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String trim(String text) {
    return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
  }
}
