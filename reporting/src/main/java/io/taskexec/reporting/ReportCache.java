package io.taskexec.reporting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generated reports most recently used, at most {@code cache_size} of them (least recently
 * used goes first; 0 keeps none). A key names the report kind, its subject, the format and the
 * store's version (last event and task seq), so that a report of data that changed is made again.
 * Thread-safe.
 */
public final class ReportCache {
  private final int capacity;
  private final LinkedHashMap<String, Report> entries;
  private long hits, misses;

  public ReportCache(int capacity) {
    if (capacity < 0) throw new IllegalArgumentException("cache_size must be >= 0, got " + capacity);
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Report> eldest) {
        return size() > ReportCache.this.capacity;
      }
    };
  }

  public synchronized Optional<Report> get(String key) {
    Report r = entries.get(key);
    if (r == null) misses++;
    else hits++;
    return Optional.ofNullable(r);
  }

  public synchronized void put(String key, Report r) {
    if (capacity > 0) entries.put(key, r);
  }

  public synchronized int size() {
    return entries.size();
  }

  public int capacity() {
    return capacity;
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }
}
