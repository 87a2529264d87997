package io.taskexec.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.ingest.TaskJson;
import io.taskexec.store.StoreException;
import io.taskexec.task.Task;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Values to columns and back. Times are epoch nanoseconds (1677 to 2262); JSON is text. A JSON
 * number reads back as Integer when it fits, else Long or Double, as in {@link TaskJson}.
 */
final class Codec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Integer>> INTS = new TypeReference<>() {};

  private Codec() {}

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  static String spec(Task t) {
    return TaskJson.toJson(t);
  }

  static Task task(String spec, String where) {
    try {
      return TaskJson.fromJson(spec, where);
    } catch (RuntimeException e) {
      throw new StoreException("a task spec stored in " + where + " cannot be read (" + e.getMessage()
          + "); the store was written by another version of taskexec or edited by hand", e);
    }
  }

  /** True when two stored specs describe the same task (the text may differ in key order). */
  static boolean sameSpec(String a, String b, String where) {
    return a.equals(b) || task(a, where).equals(task(b, where));
  }

  static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> map(String json) {
    if (json == null) return Map.of();
    try {
      return Collections.unmodifiableMap(JSON.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Integer> ints(String json) {
    try {
      return JSON.readValue(json, INTS);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> strings(String json) {
    Map<String, Object> m = map(json);
    Map<String, String> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
