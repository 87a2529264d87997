package io.taskexec.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.server.Running;
import io.taskexec.server.ServerStartException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS by configuration, with a self-signed keystore made by the JDK's keytool. */
class TlsTest {
  @TempDir Path dir;

  @Test
  void the_server_speaks_https_with_the_configured_keystore_and_still_asks_for_a_token() throws Exception {
    Path ks = dir.resolve("server.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "taskexec", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", "s3cret-pw", "-keypass", "s3cret-pw").inheritIO().start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    try (Running r = Running.start(dir, s -> s.withTls("server.p12", "s3cret-pw"), b -> {})) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(ks)) {
        trust.load(in, "s3cret-pw".toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
      String base = "https://127.0.0.1:" + r.server.port();
      assertThat(https.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      assertThat(https.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(401);
      assertThat(https.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks")).header("Authorization", "Bearer viewer-token")
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString())).as("a client that does not trust the certificate").isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void a_wrong_keystore_password_stops_the_start_with_a_clear_message() {
    assertThatThrownBy(() -> Running.start(dir, s -> s.withTls("missing.p12", "x"), b -> {}))
        .isInstanceOf(ServerStartException.class).hasMessageContaining("server.tls_keystore").hasMessageContaining("missing.p12");
  }
}
