package io.taskexec.sim.importer;

import io.taskexec.sim.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Picks the importer for a workload file by its name and, where that is ambiguous, its start. */
public final class Importers {
  private Importers() {}

  /** The format {@link #read} will use: "wfcommons", "dax", "stg", "swf" or "alibaba-pods". */
  public static String detect(Path file) throws ImportException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".stg")) return "stg";
    if (name.endsWith(".swf")) return "swf";
    if (name.endsWith(".xml") || name.endsWith(".dax")) return "dax";
    if (name.endsWith(".json")) return "wfcommons";
    if (name.endsWith(".csv")) {
      String head = head(file);
      if (head.startsWith("name,") && head.contains("num_gpu")) return "alibaba-pods";
      if (head.startsWith("sn,")) return "alibaba-nodes";
    }
    throw new ImportException(file, "", "unknown workload format; expected a WfCommons .json, a"
        + " Pegasus DAX .xml, a Kasahara .stg, an SWF .swf or an Alibaba GPU pod list .csv");
  }

  /** Reads a graph or job-log workload (not the Alibaba lists: see {@link AlibabaGpuImporter}). */
  public static Workload read(Path file) throws ImportException {
    if (!Files.isRegularFile(file)) throw new ImportException(file, "", "no such file");
    return switch (detect(file)) {
      case "stg" -> StgImporter.read(file);
      case "swf" -> SwfImporter.read(file);
      case "dax" -> DaxImporter.read(file);
      case "wfcommons" -> WfCommonsImporter.read(file);
      default -> throw new ImportException(file, "", "an Alibaba GPU list; simulate it as a GPU"
          + " packing run (the pod list with --agents set to the node list)");
    };
  }

  private static String head(Path file) throws ImportException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(200), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ImportException(file, "", "cannot read: " + e.getMessage(), e);
    }
  }
}
