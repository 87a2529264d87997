package io.taskexec.server;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The server's TLS context from a keystore file (PKCS#12, or JKS by its {@code .jks} extension). */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext fromKeystore(Path file, String password) {
    char[] pw = password(password).toCharArray();
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
      ks.load(in, pw);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (Exception e) {
      throw new ServerStartException("cannot use server.tls_keystore " + file + ": " + e.getMessage()
          + "; check the path and tls_keystore_password");
    }
  }

  /** {@code env:NAME} reads the variable NAME; anything else is the password itself. */
  static String password(String configured) {
    if (configured == null) return "";
    if (!configured.startsWith("env:")) return configured;
    String name = configured.substring(4);
    String v = System.getenv(name);
    if (v == null) throw new ServerStartException("server.tls_keystore_password names the environment variable " + name
        + ", which is not set");
    return v;
  }
}
