package io.taskexec.reporting.deliver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Deliveries that failed every retry, kept on disk until they go through: one directory per
 * (report, target) with {@code delivery.json} (what and where, the last error) and {@code content}
 * (the report). An entry is written to a temporary directory and renamed into place, so a crash
 * leaves either a whole entry or none; it is deleted only after its target took it. Thread-safe
 * for one process; two processes must not share an outbox.
 */
public final class Outbox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  /** One pending delivery. */
  public record Entry(Path path, String target, Delivery delivery, String lastError, int tries) {}

  public Outbox(Path dir) {
    this.dir = dir;
  }

  public Path directory() {
    return dir;
  }

  /** Keeps {@code d} for {@code target}; replaces an entry for the same pair. */
  public synchronized Path put(Delivery d, String target, String error, int tries) {
    try {
      Files.createDirectories(dir);
      Path entry = dir.resolve(name(d.id(), target));
      Path tmp = Files.createTempDirectory(dir, ".new-");
      ObjectNode meta = JSON.createObjectNode();
      meta.put("id", d.id()).put("kind", d.kind()).put("format", d.format()).put("file_name", d.fileName())
          .put("media_type", d.mediaType()).put("target", target).put("last_error", error).put("tries", tries);
      Files.write(tmp.resolve("delivery.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
      Files.write(tmp.resolve("content"), d.content());
      if (Files.exists(entry)) delete(entry);
      Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the report " + d.id() + " in the outbox " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Every pending delivery, oldest report first. Half-written entries (a crash while writing) are dropped. */
  public synchronized List<Entry> pending() {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (p.getFileName().toString().startsWith(".new-")) {
          delete(p);
          continue;
        }
        Path meta = p.resolve("delivery.json");
        if (!Files.isRegularFile(meta)) continue;
        ObjectNode m = (ObjectNode) JSON.readTree(meta.toFile());
        Delivery d = new Delivery(m.get("id").asText(), m.get("kind").asText(), m.get("format").asText(),
            m.get("file_name").asText(), m.get("media_type").asText(), Files.readAllBytes(p.resolve("content")));
        out.add(new Entry(p, m.get("target").asText(), d, m.path("last_error").asText(null), m.path("tries").asInt()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the outbox " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing((Entry e) -> e.delivery().id()).thenComparing(Entry::target));
    return out;
  }

  /** Forgets a delivered entry. */
  public synchronized void remove(Entry e) {
    try {
      delete(e.path());
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot remove " + e.path() + " from the outbox: " + ex.getMessage(), ex);
    }
  }

  private static String name(String id, String target) {
    return (id + "." + target).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void delete(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    }
  }
}
