package io.taskexec.sim.importer;

import io.taskexec.sim.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Pegasus DAX (2.x/3.x) abstract workflows: {@code <job id name runtime>} elements holding {@code
 * <uses file link="input|output" size>}, and precedence as {@code <child ref><parent ref/></child>}.
 *
 * <p>A job's type is its {@code name} attribute ("mProjectPP"); it asks for 1 core and no memory
 * (DAX carries no requests). The bytes passed along an edge are the sizes of the files the parent
 * writes and the child reads, for communication costs. DTDs and external entities are refused.
 */
public final class DaxImporter {
  private DaxImporter() {}

  public static Workload read(Path file) throws ImportException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    GraphBuilder g = new GraphBuilder(file);
    Map<String, Map<String, Double>> outputs = new HashMap<>(); // job -> file -> size
    Map<String, Map<String, Double>> inputs = new HashMap<>();
    List<String[]> edges = new ArrayList<>();
    String name = file.getFileName().toString();
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader r = f.createXMLStreamReader(in);
      String job = null;
      String child = null;
      while (r.hasNext()) {
        if (r.next() != XMLStreamConstants.START_ELEMENT) continue;
        String line = "line " + r.getLocation().getLineNumber();
        switch (r.getLocalName()) {
          case "adag" -> name = attr(r, "name", name);
          case "job" -> {
            job = required(file, r, "id", line);
            String runtime = required(file, r, "runtime", line);
            double seconds;
            try {
              seconds = Double.parseDouble(runtime);
            } catch (NumberFormatException e) {
              seconds = -1;
            }
            if (!(seconds >= 0)) {
              throw new ImportException(file, line, "job '" + job + "' has runtime=\"" + runtime
                  + "\"; expected a non-negative number of seconds");
            }
            g.add(new GraphBuilder.Node(job, attr(r, "name", job), 1, 0, seconds), line);
          }
          case "uses" -> {
            if (job == null) break;
            String fileName = attr(r, "file", attr(r, "name", null));
            double size = parseSize(attr(r, "size", "0"));
            String link = attr(r, "link", "");
            if (fileName != null && link.equals("output")) {
              outputs.computeIfAbsent(job, k -> new HashMap<>()).put(fileName, size);
            } else if (fileName != null && link.equals("input")) {
              inputs.computeIfAbsent(job, k -> new HashMap<>()).put(fileName, size);
            }
          }
          case "child" -> child = required(file, r, "ref", line);
          case "parent" -> {
            if (child == null) {
              throw new ImportException(file, line, "<parent> outside a <child> element");
            }
            edges.add(new String[] {required(file, r, "ref", line), child});
          }
          default -> { }
        }
      }
    } catch (XMLStreamException e) {
      throw new ImportException(file, e.getLocation() == null ? ""
          : "line " + e.getLocation().getLineNumber(), "not valid XML: " + e.getMessage());
    } catch (IOException e) {
      throw new ImportException(file, "", "cannot read: " + e.getMessage(), e);
    }
    for (String[] e : edges) {
      g.edge(e[0], e[1]);
      Map<String, Double> out = outputs.getOrDefault(e[0], Map.of());
      double bytes = 0;
      for (Map.Entry<String, Double> in : inputs.getOrDefault(e[1], Map.of()).entrySet()) {
        if (out.containsKey(in.getKey())) bytes += out.get(in.getKey());
      }
      g.data(e[0], e[1], bytes);
    }
    if (g.size() == 0) throw new ImportException(file, "", "no <job> elements: not a DAX workflow");
    return new Workload(name, "dax", g.build(true), Double.NaN, 0);
  }

  private static double parseSize(String s) {
    try {
      return Math.max(0, Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String attr(XMLStreamReader r, String name, String fallback) {
    String v = r.getAttributeValue(null, name);
    return v == null ? fallback : v;
  }

  private static String required(Path file, XMLStreamReader r, String name, String line)
      throws ImportException {
    String v = r.getAttributeValue(null, name);
    if (v == null || v.isEmpty()) {
      throw new ImportException(file, line, "<" + r.getLocalName() + "> has no '" + name
          + "' attribute");
    }
    return v;
  }
}
