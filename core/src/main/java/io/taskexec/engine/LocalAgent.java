package io.taskexec.engine;

import io.taskexec.config.LocalAgentConfig;
import io.taskexec.place.AgentSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The capacity of this machine: cores, memory, free disk under the data directory, and GPUs as
 * listed by {@code nvidia-smi} when it is on the PATH. Every figure can be overridden by
 * configuration.
 */
public final class LocalAgent {
  private LocalAgent() {}

  public static AgentSpec detect(String id, LocalAgentConfig overrides, Path dataDirectory) {
    double cpu = overrides.cpuCores() != null ? overrides.cpuCores() : Runtime.getRuntime().availableProcessors();
    double mem = overrides.memoryGb() != null ? overrides.memoryGb() : totalMemoryGb();
    double disk = overrides.storageGb() != null ? overrides.storageGb() : freeDiskGb(dataDirectory);
    List<Integer> gpus = overrides.gpuIndices() != null ? overrides.gpuIndices() : detectGpus();
    return new AgentSpec(id, cpu, mem, disk, gpus, Map.of("host", hostName()));
  }

  static double totalMemoryGb() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return round(os.getTotalMemorySize() / 1e9);
    }
    return round(Runtime.getRuntime().maxMemory() / 1e9);
  }

  static double freeDiskGb(Path dir) {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) p = p.getParent();
    try {
      return round(Files.getFileStore(p == null ? Path.of(".").toAbsolutePath() : p).getUsableSpace() / 1e9);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Indices from {@code nvidia-smi --query-gpu=index}; empty when it is absent or fails. */
  public static List<Integer> detectGpus() {
    List<Integer> out = new ArrayList<>();
    try {
      Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index", "--format=csv,noheader")
          .redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) return List.of();
      for (String line : text.split("\\R")) {
        if (!line.isBlank()) out.add(Integer.parseInt(line.trim()));
      }
    } catch (IOException | NumberFormatException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    return out;
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) return h;
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static double round(double gb) {
    return Math.floor(gb * 10) / 10;
  }
}
