package orchestrator.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A receiving node at the socket level, for what an HTTP server library will not do on request:
 * read a request and close the connection without answering, or close a kept-alive connection after
 * a short idle time. Every other request gets 200 with the connection kept open.
 */
public final class RawReceiver implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final IntPredicate dropAnswer;
  private final int idleCloseMs;

  /**
   * @param dropAnswer whether the n-th request (1-based, over all connections) is read and then its
   *     connection closed without an answer
   * @param idleCloseMs how long a kept-alive connection may wait for its next request before this
   *     side closes it
   */
  public RawReceiver(IntPredicate dropAnswer, int idleCloseMs) throws IOException {
    this.dropAnswer = dropAnswer;
    this.idleCloseMs = idleCloseMs;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/events";
  }

  /** Requests read in full so far, answered or not. */
  public int requests() {
    return requests.get();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(idleCloseMs);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        int length = readHead(in);
        if (length < 0) return; // the other side closed
        in.readNBytes(length);
        if (dropAnswer.test(requests.incrementAndGet())) return;
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (SocketTimeoutException e) {
      // idle too long: closed here
    } catch (IOException e) {
      // the other side went away
    }
  }

  /** Reads a request's head; its Content-Length, or -1 at the end of the stream. */
  private static int readHead(InputStream in) throws IOException {
    int length = 0;
    while (true) {
      String line = readLine(in);
      if (line == null) return -1;
      if (line.isEmpty()) return length;
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:"))
        length = Integer.parseInt(lower.substring("content-length:".length()).trim());
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) return null;
      if (b != '\r') line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
    threads.shutdownNow();
  }
}
