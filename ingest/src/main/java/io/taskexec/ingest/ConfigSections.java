package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;
import static io.taskexec.ingest.Fields.name;

import io.taskexec.ingest.Node.Field;
import io.taskexec.ingest.Node.MapNode;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Small readers shared by the configuration sections: each reports its own problems. */
final class ConfigSections {
  private final Fields f;

  ConfigSections(Fields f) {
    this.f = f;
  }

  /** The map at {@code path} with only {@code keys} allowed; null when absent or not a map. */
  MapNode section(Node n, String path, Collection<String> keys) {
    MapNode m = f.map(n, path, "{" + keys.iterator().next() + ": ...}");
    if (m != null) f.onlyKeys(m, path, keys, name(path));
    return m;
  }

  int atLeast(MapNode m, String path, String key, int min, int fallback) {
    Integer v = f.integer(m.get(key), child(path, key), Integer.toString(Math.max(min, fallback)));
    if (v == null) return fallback;
    if (v < min) {
      f.problems().add(m.get(key), child(path, key), key + " must be >= " + min + ", got " + v,
          "write e.g. " + key + ": " + Math.max(min, fallback) + " (the default)");
      return fallback;
    }
    return v;
  }

  Duration duration(MapNode m, String path, String key, String example, boolean positive, Duration fallback) {
    Duration v = f.duration(m.get(key), child(path, key), example);
    if (v == null) return fallback;
    if (positive && v.isZero()) {
      f.problems().add(m.get(key), child(path, key), key + " must be > 0", "write e.g. " + key + ": " + example);
      return fallback;
    }
    return v;
  }

  /** A number > 0, or null when absent or wrong (reported). */
  Double positive(MapNode m, String path, String key, String example) {
    Double v = f.number(m.get(key), child(path, key), example);
    if (v != null && v <= 0) {
      f.problems().add(m.get(key), child(path, key), key + " must be > 0, got " + m.get(key).describe(),
          "write e.g. " + key + ": " + example + ", or leave it out to detect it");
      return null;
    }
    return v;
  }

  double fraction(MapNode m, String path, String key, double fallback) {
    Double v = f.number(m.get(key), child(path, key), Double.toString(fallback));
    if (v == null) return fallback;
    if (!(v > 0)) {
      f.problems().add(m.get(key), child(path, key), key + " must be > 0, got " + v,
          "write e.g. " + key + ": " + fallback + " (the default)");
      return fallback;
    }
    return v;
  }

  /** Named counted resources: {@code name: units}, units a whole number > 0. */
  Map<String, Integer> resources(Node n, String path) {
    Map<String, Integer> out = new LinkedHashMap<>();
    MapNode m = f.map(n, path, "{licence: 2, db-pool: 10}");
    if (m == null) return out;
    for (Field r : m.fields().values()) {
      String rp = child(path, r.key());
      Integer units = f.integer(r.value(), rp, "2");
      if (units == null) continue;
      if (units < 1) {
        f.problems().add(r.value(), rp, "resource '" + r.key() + "' must have at least 1 unit, got " + units,
            "write the number of units that may be in use at once, e.g. " + r.key() + ": 2");
        continue;
      }
      if (r.key().isBlank()) {
        f.problems().addAt(r.line(), r.column(), rp, "a resource needs a name", "write e.g. licence: 2");
        continue;
      }
      out.put(r.key(), units);
    }
    return out;
  }

  /**
   * Builds a record; a rule its constructor enforces that the readers did not check becomes a
   * problem at the section, and the default is used.
   */
  <T> T build(String path, Supplier<T> constructor, T fallback) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      f.problems().add(null, path, String.valueOf(e.getMessage()), "fix the values under " + path);
      return fallback;
    }
  }
}
