package io.taskexec.sim;

import io.taskexec.place.AgentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated agents from a short spec, {@code 1000x{cpu:32,mem:256,gpu:8}}, groups joined by
 * {@code +} ({@code 10x{cpu:64,mem:512}+2x{cpu:8,mem:32,gpu:4}}); keys {@code cpu} (cores),
 * {@code mem} (GB), {@code disk} (GB), {@code gpu} (devices); a missing key offers none, except
 * {@code disk}, which is unlimited for a simulation. Or from a node list file: one group spec per
 * line ({@code #} comments), or an Alibaba GPU node list CSV (see {@code AlibabaGpuImporter}),
 * which this class reads as whole-GPU agents.
 */
public final class AgentsSpec {
  private static final Pattern GROUP = Pattern.compile("\\s*(\\d+)\\s*[xX]\\s*\\{([^}]*)}\\s*");
  /** Storage offered when a spec names none: simulated tasks ask for none. */
  static final double UNLIMITED_DISK_GB = 1e9;

  private AgentsSpec() {}

  /**
   * @throws IllegalArgumentException with a message naming the bad part and the expected form
   */
  public static List<AgentSpec> parse(String spec) {
    List<AgentSpec> agents = new ArrayList<>();
    for (String part : spec.split("\\+")) {
      Matcher m = GROUP.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException("agent spec '" + part.strip() + "' is not of the form"
            + " COUNTx{cpu:N,mem:GB,gpu:N}, e.g. 1000x{cpu:32,mem:256,gpu:8}");
      }
      long count = Long.parseLong(m.group(1));
      if (count < 1 || count > 10_000_000) {
        throw new IllegalArgumentException("agent count " + count + " in '" + part.strip()
            + "' must be between 1 and 10,000,000");
      }
      double cpu = 0;
      double mem = 0;
      double disk = UNLIMITED_DISK_GB;
      int gpu = 0;
      for (String kv : m.group(2).split(",")) {
        if (kv.isBlank()) continue;
        String[] p = kv.split(":", 2);
        if (p.length != 2) {
          throw new IllegalArgumentException("'" + kv.strip() + "' in '" + part.strip()
              + "' is not key:value (keys cpu, mem, disk, gpu)");
        }
        String key = p[0].strip().toLowerCase(Locale.ROOT);
        double v;
        try {
          v = Double.parseDouble(p[1].strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + p[1].strip() + "' for " + key + " in '"
              + part.strip() + "' is not a number");
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException(key + " in '" + part.strip() + "' must be >= 0");
        }
        switch (key) {
          case "cpu" -> cpu = v;
          case "mem", "memory" -> mem = v;
          case "disk", "storage" -> disk = v;
          case "gpu", "gpus" -> {
            if (v != Math.rint(v)) {
              throw new IllegalArgumentException("gpu in '" + part.strip() + "' must be whole devices");
            }
            gpu = (int) v;
          }
          default -> throw new IllegalArgumentException("unknown key '" + key + "' in '"
              + part.strip() + "'; use cpu, mem, disk, gpu");
        }
      }
      int base = agents.size();
      for (long i = 0; i < count; i++) {
        agents.add(AgentSpec.of("agent-" + (base + i), cpu, mem, disk, gpu));
      }
    }
    return agents;
  }

  /**
   * A spec, or a file of them (one group per line) when {@code specOrFile} names an existing file.
   *
   * @throws IllegalArgumentException naming the file and line of a bad spec
   */
  public static List<AgentSpec> parseOrRead(String specOrFile) throws IOException {
    Path p = Path.of(specOrFile);
    if (!specOrFile.contains("{") && Files.isRegularFile(p)) {
      List<String> lines = Files.readAllLines(p);
      if (!lines.isEmpty() && lines.get(0).startsWith("sn,")) return alibabaNodes(p, lines);
      List<AgentSpec> agents = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i).strip();
        if (l.isEmpty() || l.startsWith("#")) continue;
        try {
          for (AgentSpec a : parse(l)) {
            agents.add(new AgentSpec("agent-" + agents.size(), a.cpuCores(), a.memoryGb(),
                a.storageGb(), a.gpuIndices(), a.labels()));
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(p + ":" + (i + 1) + ": " + e.getMessage(), e);
        }
      }
      if (agents.isEmpty()) throw new IllegalArgumentException(p + ": no agents listed");
      return agents;
    }
    return parse(specOrFile);
  }

  private static List<AgentSpec> alibabaNodes(Path p, List<String> lines) {
    List<AgentSpec> agents = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      String[] f = lines.get(i).split(",");
      try {
        agents.add(AgentSpec.of(f[0], Long.parseLong(f[1]) / 1000.0, Long.parseLong(f[2]) / 1024.0,
            UNLIMITED_DISK_GB, Integer.parseInt(f[3])));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(p + ":" + (i + 1)
            + ": expected sn,cpu_milli,memory_mib,gpu,model", e);
      }
    }
    return agents;
  }
}
