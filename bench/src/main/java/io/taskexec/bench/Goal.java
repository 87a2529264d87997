package io.taskexec.bench;

/**
 * A target for a figure: its value or its ratio to the baseline, at least or at most a threshold.
 *
 * @param text how the goal reads in the table, e.g. "ratio >= 0.5"
 */
record Goal(Target target, boolean atLeast, double threshold, String text) {
  enum Target {
    VALUE,
    RATIO
  }

  static Goal ratioAtLeast(double t) {
    return new Goal(Target.RATIO, true, t, "ratio >= " + trim(t));
  }

  static Goal valueAtLeast(double t, String unit) {
    return new Goal(Target.VALUE, true, t, String.format(">= %,.0f %s", t, unit));
  }

  static Goal valueAtMost(double t, String unit) {
    return new Goal(Target.VALUE, false, t, "<= " + trim(t) + " " + unit);
  }

  boolean met(double value, double ratio) {
    double x = target == Target.VALUE ? value : ratio;
    if (Double.isNaN(x)) return false;
    return atLeast ? x >= threshold : x <= threshold;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
