package io.taskexec.reporting.render;

import io.taskexec.reporting.model.AccountingReport;
import io.taskexec.reporting.model.RunReport;
import io.taskexec.reporting.model.TaskReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The charts of the reports, drawn by JFreeChart onto JFreeSVG's {@code Graphics2D}: each is an
 * {@code <svg>} element with a viewBox, inlined in the HTML (and drawn by Batik in the PDF).
 * Colours are fixed per state so that the charts and the tables agree.
 */
final class Charts {
  static final int WIDTH = 960;
  private static final Map<String, Color> STATE_COLOURS = new LinkedHashMap<>();
  private static final Color[] LOAD = {new Color(0xbbdefb), new Color(0x64b5f6), new Color(0x1565c0)};
  private static final Color REQUESTED = new Color(0x1e88e5), USED = new Color(0xfb8c00), CAPACITY = new Color(0x616161);

  static {
    STATE_COLOURS.put("SUCCEEDED", new Color(0x43a047));
    STATE_COLOURS.put("FAILED", new Color(0xe53935));
    STATE_COLOURS.put("TIMED_OUT", new Color(0xfb8c00));
    STATE_COLOURS.put("CANCELLED", new Color(0x9e9e9e));
    STATE_COLOURS.put("UPSTREAM_FAILED", new Color(0xef9a9a));
    STATE_COLOURS.put("DEADLINE_MISSED", new Color(0x8e24aa));
    STATE_COLOURS.put("SKIPPED", new Color(0xbdbdbd));
    STATE_COLOURS.put("RETRYING", new Color(0xfdd835));
    STATE_COLOURS.put("RUNNING", new Color(0x1e88e5));
    STATE_COLOURS.put("PLACED", new Color(0x90caf9));
    STATE_COLOURS.put("READY", new Color(0xb3e5fc));
    STATE_COLOURS.put("PENDING", new Color(0xe0e0e0));
  }

  private Charts() {}

  static Map<String, String> run(RunReport r) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("states", states(r.counts()));
    if (!r.timeline().lanes().isEmpty()) out.put("gantt", gantt(r.timeline()));
    if (!r.utilisation().points().isEmpty()) {
      out.put("cores", cores(r.utilisation()));
      out.put("running", running(r.utilisation()));
    }
    return out;
  }

  static Map<String, String> task(TaskReport r) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lanes = new ArrayList<>();
    XYIntervalSeriesCollection ds = new XYIntervalSeriesCollection();
    Map<String, XYIntervalSeries> series = new LinkedHashMap<>();
    for (TaskReport.Attempt a : r.attempts()) {
      if (a.startedAt() == null) continue;
      int lane = lanes.size();
      lanes.add("attempt " + a.attempt());
      long s = Instant.parse(a.startedAt()).toEpochMilli();
      long e = a.endedAt() == null ? s + Math.round(a.durationSeconds() * 1000) : Instant.parse(a.endedAt()).toEpochMilli();
      series.computeIfAbsent(a.outcome(), XYIntervalSeries::new).add(s, s, Math.max(e, s + 1), lane, lane - 0.35, lane + 0.35);
    }
    if (lanes.isEmpty()) return out;
    series.values().forEach(ds::addSeries);
    out.put("attempts", svg(ganttChart("Attempts", ds, lanes, "Attempt", true), WIDTH, 110 + 34 * lanes.size()));
    return out;
  }

  static Map<String, String> accounting(AccountingReport r) {
    Map<String, String> out = new LinkedHashMap<>();
    if (r.byType().isEmpty()) return out;
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (AccountingReport.Row row : r.byType()) {
      ds.addValue(row.cpuHours(), "core-hours requested", row.name());
      if (row.usedCpuHours() != null) ds.addValue(row.usedCpuHours(), "core-hours used", row.name());
    }
    JFreeChart c = new JFreeChart("Core-hours by task type", null, new CategoryPlot(ds, new CategoryAxis("Task type"),
        new NumberAxis("Core-hours"), new BarRenderer()), true);
    theme(c);
    BarRenderer br = (BarRenderer) c.getCategoryPlot().getRenderer();
    br.setSeriesPaint(0, REQUESTED);
    br.setSeriesPaint(1, USED);
    br.setBarPainter(new StandardBarPainter());
    br.setShadowVisible(false);
    c.getCategoryPlot().setOrientation(PlotOrientation.HORIZONTAL);
    out.put("core_hours", svg(c, WIDTH, 120 + 40 * r.byType().size()));
    return out;
  }

  private static String states(List<RunReport.StateCount> counts) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    List<String> keys = new ArrayList<>();
    for (RunReport.StateCount c : counts) {
      ds.addValue(c.count(), "tasks", c.state());
      keys.add(c.state());
    }
    BarRenderer r = new BarRenderer() {
      @Override
      public Paint getItemPaint(int row, int column) {
        return STATE_COLOURS.getOrDefault(keys.get(column), Color.GRAY);
      }
    };
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}",
        java.text.NumberFormat.getIntegerInstance(Locale.ROOT)));
    NumberAxis tasks = new NumberAxis("Tasks");
    tasks.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    tasks.setUpperMargin(0.12);
    CategoryPlot p = new CategoryPlot(ds, new CategoryAxis(null), tasks, r);
    p.setOrientation(PlotOrientation.HORIZONTAL);
    JFreeChart c = new JFreeChart("Tasks by state", null, p, false);
    theme(c);
    // the count just right of each bar's end
    r.setDefaultPositiveItemLabelPosition(new org.jfree.chart.labels.ItemLabelPosition(
        org.jfree.chart.labels.ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    r.setItemLabelAnchorOffset(4);
    return svg(c, WIDTH, 90 + 34 * Math.max(1, counts.size()));
  }

  private static String gantt(RunReport.Timeline t) {
    long t0 = Instant.parse(t.start()).toEpochMilli();
    List<String> lanes = new ArrayList<>();
    XYIntervalSeriesCollection ds = new XYIntervalSeriesCollection();
    if (!t.aggregated()) {
      Map<String, XYIntervalSeries> series = new LinkedHashMap<>();
      for (RunReport.Lane l : t.lanes()) {
        // attempts that overlap on one agent go to sub-rows, first fit, so that none hides another
        List<RunReport.Bar> bars = new ArrayList<>(l.bars());
        bars.sort(java.util.Comparator.comparingDouble(RunReport.Bar::startOffset));
        List<Double> rowEnds = new ArrayList<>();
        int base = lanes.size();
        for (RunReport.Bar b : bars) {
          int row = 0;
          while (row < rowEnds.size() && rowEnds.get(row) > b.startOffset()) row++;
          if (row == rowEnds.size()) {
            rowEnds.add(0.0);
            lanes.add(row == 0 ? l.agent() : "");
          }
          rowEnds.set(row, b.endOffset());
          int y = base + row;
          long s = t0 + Math.round(b.startOffset() * 1000), e = t0 + Math.round(b.endOffset() * 1000);
          series.computeIfAbsent(b.outcome(), XYIntervalSeries::new).add(s, s, Math.max(e, s + 1), y, y - 0.4, y + 0.4);
        }
        if (bars.isEmpty()) lanes.add(l.agent());
      }
      series.values().forEach(ds::addSeries);
    } else {
      double max = 0;
      for (RunReport.Lane l : t.lanes()) for (double v : l.load()) max = Math.max(max, v);
      XYIntervalSeries[] levels = new XYIntervalSeries[3];
      for (int k = 0; k < 3; k++) {
        levels[k] = new XYIntervalSeries(String.format(Locale.ROOT, "%.1f to %.1f attempts running", max * k / 3, max * (k + 1) / 3));
      }
      long w = Math.round(t.bucketSeconds() * 1000);
      for (RunReport.Lane l : t.lanes()) {
        int y = lanes.size();
        lanes.add(l.agent() + " (" + String.format(Locale.ROOT, "%,d", l.attempts()) + ")");
        int runLevel = -1;
        long runStart = 0;
        for (int i = 0; i <= l.load().size(); i++) {
          double v = i < l.load().size() ? l.load().get(i) : 0;
          int level = v <= 0 ? -1 : Math.min(2, (int) (v / max * 3));
          if (level != runLevel) {
            if (runLevel >= 0) levels[runLevel].add(runStart, runStart, t0 + i * w, y, y - 0.38, y + 0.38);
            runLevel = level;
            runStart = t0 + i * w;
          }
        }
      }
      for (XYIntervalSeries s : levels) ds.addSeries(s);
    }
    JFreeChart c = ganttChart(t.aggregated() ? "Timeline by agent (load per time slice)" : "Timeline by agent", ds, lanes,
        "Agent", !t.aggregated());
    if (t.aggregated()) {
      XYBarRenderer r = (XYBarRenderer) c.getXYPlot().getRenderer();
      for (int k = 0; k < 3; k++) r.setSeriesPaint(k, LOAD[k]);
    }
    return svg(c, WIDTH, 120 + (t.aggregated() ? 30 : 16) * lanes.size());
  }

  private static JFreeChart ganttChart(String title, XYIntervalSeriesCollection ds, List<String> lanes, String laneLabel,
      boolean byState) {
    XYBarRenderer r = new XYBarRenderer();
    r.setUseYInterval(true);
    r.setShadowVisible(false);
    r.setBarPainter(new StandardXYBarPainter());
    r.setDrawBarOutline(byState);
    r.setDefaultOutlinePaint(Color.WHITE);
    r.setDefaultOutlineStroke(new BasicStroke(0.6f));
    SymbolAxis y = new SymbolAxis(laneLabel, lanes.toArray(String[]::new));
    y.setGridBandsVisible(true);
    y.setInverted(true);
    DateAxis x = new DateAxis("Time (UTC)");
    x.setTimeZone(TimeZone.getTimeZone("UTC"));
    x.setLowerMargin(0.01);
    x.setUpperMargin(0.01);
    XYPlot p = new XYPlot(ds, x, y, r);
    p.setOrientation(PlotOrientation.VERTICAL);
    JFreeChart c = new JFreeChart(title, null, p, true);
    theme(c);
    if (byState) {
      for (int i = 0; i < ds.getSeriesCount(); i++) {
        r.setSeriesPaint(i, STATE_COLOURS.getOrDefault(ds.getSeriesKey(i).toString(), Color.GRAY));
      }
    }
    return c;
  }

  private static String cores(RunReport.Utilisation u) {
    long t0 = Instant.parse(u.start()).toEpochMilli();
    XYSeries req = new XYSeries("cores requested by running attempts"), used = new XYSeries("cores used (measured tasks only)");
    for (RunReport.Point p : u.points()) {
      long x = t0 + Math.round(p.offsetSeconds() * 1000);
      req.add(x, p.requestedCores());
      if (p.usedCores() != null) used.add(x, p.usedCores());
    }
    XYSeriesCollection ds = new XYSeriesCollection(req);
    if (u.measured()) ds.addSeries(used);
    JFreeChart c = lines(u.measured() ? "CPU cores: requested and used" : "CPU cores requested (use not measured)", ds, "Cores");
    if (u.capacityCores() != null) {
      ValueMarker m = new ValueMarker(u.capacityCores(), CAPACITY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
      m.setLabel(String.format(Locale.ROOT, "capacity %.1f cores", u.capacityCores()));
      m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      c.getXYPlot().addRangeMarker(m);
      NumberAxis a = (NumberAxis) c.getXYPlot().getRangeAxis();
      a.setUpperBound(Math.max(a.getUpperBound(), u.capacityCores() * 1.15));
    }
    return svg(c, WIDTH, 320);
  }

  private static String running(RunReport.Utilisation u) {
    long t0 = Instant.parse(u.start()).toEpochMilli();
    XYSeries run = new XYSeries("attempts running"), mem = new XYSeries("memory requested (GB)"), gpu = new XYSeries("GPUs in use");
    boolean gpus = false;
    for (RunReport.Point p : u.points()) {
      long x = t0 + Math.round(p.offsetSeconds() * 1000);
      run.add(x, p.runningTasks());
      mem.add(x, p.requestedMemoryGb());
      gpu.add(x, p.gpus());
      gpus |= p.gpus() > 0;
    }
    XYSeriesCollection ds = new XYSeriesCollection(run);
    ds.addSeries(mem);
    if (gpus) ds.addSeries(gpu);
    return svg(lines("Running attempts, memory and GPUs", ds, "Average over each time slice"), WIDTH, 300);
  }

  private static JFreeChart lines(String title, XYSeriesCollection ds, String yLabel) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    DateAxis x = new DateAxis("Time (UTC)");
    x.setTimeZone(TimeZone.getTimeZone("UTC"));
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(true);
    JFreeChart c = new JFreeChart(title, null, new XYPlot(ds, x, y, r), true);
    theme(c);
    Color[] colours = {REQUESTED, USED, new Color(0x8e24aa)};
    for (int i = 0; i < ds.getSeriesCount(); i++) {
      r.setSeriesPaint(i, colours[i % colours.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    return c;
  }

  private static void theme(JFreeChart c) {
    StandardChartTheme t = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
    t.setExtraLargeFont(new Font("SansSerif", Font.BOLD, 17));
    t.setLargeFont(new Font("SansSerif", Font.BOLD, 13));
    t.setRegularFont(new Font("SansSerif", Font.PLAIN, 12));
    t.setSmallFont(new Font("SansSerif", Font.PLAIN, 11));
    t.setPlotBackgroundPaint(Color.WHITE);
    t.setChartBackgroundPaint(Color.WHITE);
    t.setDomainGridlinePaint(new Color(0xe0e0e0));
    t.setRangeGridlinePaint(new Color(0xe0e0e0));
    t.setPlotOutlinePaint(new Color(0xbdbdbd));
    t.setBarPainter(new StandardBarPainter());
    t.setXYBarPainter(new StandardXYBarPainter());
    t.setShadowVisible(false);
    t.apply(c);
    c.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 12));
  }

  /** The chart as an {@code <svg>} element, {@code w} by {@code h} user units, scalable by its viewBox. */
  static String svg(JFreeChart chart, int w, int h) {
    SVGGraphics2D g = new SVGGraphics2D(w, h);
    chart.draw(g, new Rectangle(0, 0, w, h));
    String svg = g.getSVGElement(null, true, new ViewBox(0, 0, w, h), null, null);
    // openhtmltopdf reads width and height as integers; JFreeSVG writes "960.0"
    return svg.replaceFirst("width='" + w + "\\.0' height='" + h + "\\.0'", "width='" + w + "' height='" + h + "'");
  }
}
