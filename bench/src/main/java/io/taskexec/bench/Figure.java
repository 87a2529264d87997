package io.taskexec.bench;

/**
 * One reported number, beside the baseline measured in the same run.
 *
 * @param id a stable key for the JSON, e.g. "a.engine_tasks_per_s"
 * @param label what the table shows, e.g. "a. engine, 1,000,000 no-op tasks"
 * @param baselineLabel what the baseline is; null when the figure has none
 * @param baseline the baseline's value in the same unit, or NaN
 * @param goal null when the figure has none
 * @param compared whether value / baseline means something (false for heap figures, whose
 *     baseline is near zero: the baseline is shown beside, without a ratio)
 */
record Figure(String id, String label, double value, String unit, String baselineLabel, double baseline, Goal goal,
    boolean compared) {

  static Figure of(String id, String label, double value, String unit, String baselineLabel, double baseline, Goal goal) {
    return new Figure(id, label, value, unit, baselineLabel, baseline, goal, baselineLabel != null);
  }

  /** A figure shown beside a baseline without a ratio. */
  static Figure beside(String id, String label, double value, String unit, String baselineLabel, double baseline) {
    return new Figure(id, label, value, unit, baselineLabel, baseline, null, false);
  }

  /** value / baseline, or NaN without a baseline to compare with. */
  double ratio() {
    return !compared || !(baseline > 0) ? Double.NaN : value / baseline;
  }

  /** "PASS", "MISS", or "" without a goal. */
  String verdict() {
    if (goal == null) return "";
    return goal.met(value, ratio()) ? "PASS" : "MISS";
  }
}
