import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A receiving node for a local trial: prints every delivery it gets and answers 200.
 *
 * <pre>  java dev/Receiver.java 9000</pre>
 */
public class Receiver {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, values) ->
                      System.out.println("  " + name + ": " + String.join(", ", values)));
          System.out.println("  " + new String(body, StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    System.out.println("Receiving on http://127.0.0.1:" + port + "/");
  }
}
