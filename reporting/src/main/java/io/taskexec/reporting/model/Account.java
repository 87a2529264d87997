package io.taskexec.reporting.model;

import org.HdrHistogram.DoubleHistogram;

/**
 * The running totals of one line of the accounting report. Distributions are HdrHistograms (three
 * significant digits), so a line takes the same memory for ten tasks or ten million.
 */
final class Account {
  final String name;
  long tasks, succeeded, measured, withDeadline, missed;
  double cpuSec, gpuSec, memGbSec, usedCpuSec, measuredReqCpuSec, peakMemSum, measuredReqMem, reqCores, reqMem;
  final DoubleHistogram durations = new DoubleHistogram(3);
  final DoubleHistogram usedCores = new DoubleHistogram(3);
  final DoubleHistogram peakMem = new DoubleHistogram(3);

  Account(String name) {
    this.name = name;
  }

  AccountingReport.Row row() {
    Double rate = tasks == 0 ? null : r((double) succeeded / tasks);
    Double used = measured == 0 ? null : r(usedCpuSec / 3600);
    Double cpuEff = measured == 0 || measuredReqCpuSec <= 0 ? null : r(usedCpuSec / measuredReqCpuSec);
    Double memEff = measured == 0 || measuredReqMem <= 0 ? null : r(peakMemSum / measuredReqMem);
    Double recCores = usedCores.getTotalCount() == 0 ? null : up(usedCores.getValueAtPercentile(95) * 1.25);
    Double recMem = peakMem.getTotalCount() == 0 ? null : up(peakMem.getValueAtPercentile(95) * 1.25);
    boolean d = durations.getTotalCount() > 0;
    return new AccountingReport.Row(name, tasks, succeeded, rate, r(cpuSec / 3600), r(gpuSec / 3600), r(memGbSec / 3600),
        measured, used, cpuEff, memEff, tasks == 0 ? 0 : r(reqCores / tasks), recCores, tasks == 0 ? 0 : r(reqMem / tasks),
        recMem, d ? r(durations.getValueAtPercentile(50)) : null, d ? r(durations.getValueAtPercentile(95)) : null,
        withDeadline == 0 ? null : r((double) missed / withDeadline));
  }

  private static double r(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Rounded up to a quarter, at least a quarter. */
  private static double up(double v) {
    return Math.max(0.25, Math.ceil(v * 4) / 4);
  }
}
