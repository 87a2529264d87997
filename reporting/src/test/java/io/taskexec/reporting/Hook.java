package io.taskexec.reporting;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real local HTTP server that records the POSTs it gets and answers {@code failFirst} of them with 503. */
final class Hook implements AutoCloseable {
  record Request(String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }
  }

  final List<Request> received = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();
  private final HttpServer server;

  Hook(int port, int failFirst) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      int n = calls.incrementAndGet();
      if (n <= failFirst) {
        byte[] msg = "busy, try later".getBytes();
        ex.sendResponseHeaders(503, msg.length);
        ex.getResponseBody().write(msg);
      } else {
        received.add(new Request(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
        ex.sendResponseHeaders(204, -1);
      }
      ex.close();
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/hook";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
