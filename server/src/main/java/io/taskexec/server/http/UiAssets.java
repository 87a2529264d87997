package io.taskexec.server.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's static files, from {@code /dashboard/} on the classpath: no build step, nothing
 * from the network. Public: they hold no data; the page asks for a token and sends it with every
 * API call.
 */
final class UiAssets {
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css",
      "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml", "png", "image/png");

  private UiAssets() {}

  static void serve(ServerRequest req, ServerResponse res) throws IOException {
    String path = req.path().path();
    String file = path.equals("/ui") || path.equals("/ui/") ? "index.html" : path.substring("/ui/".length());
    if (file.contains("..") || file.contains("//") || file.startsWith("/")) {
      notFound(res);
      return;
    }
    try (InputStream in = UiAssets.class.getResourceAsStream("/dashboard/" + file)) {
      if (in == null) {
        notFound(res);
        return;
      }
      String ext = file.substring(file.lastIndexOf('.') + 1);
      res.header("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
      res.header("Cache-Control", "no-cache");
      res.header("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:");
      res.header("X-Content-Type-Options", "nosniff");
      res.send(in.readAllBytes());
    }
  }

  private static void notFound(ServerResponse res) {
    res.status(404);
    res.header("Content-Type", "application/problem+json");
    res.send(Json.bytes(Map.of("type", "about:blank", "title", "Not found", "status", 404, "detail", "no such dashboard file")));
  }
}
