package io.taskexec.place;

import java.math.BigDecimal;

/**
 * Fixed-point quantities: cores and gigabytes are counted in whole micro-units (10^-6), so that
 * sums and differences are exact integers and no rounding drift can leak capacity.
 *
 * <p>A double is first snapped to the nearest micro-unit when it lies within floating-point
 * representation error of it (so 0.1, 0.2 and 0.3 become exactly 100000, 200000 and 300000, and
 * 3 cores * 1.1 overcommit becomes exactly 3300000); otherwise demands round up and capacities
 * round down, so rounding can never grant more than is offered. Values beyond about 9.2 * 10^12
 * saturate at {@link Long#MAX_VALUE}, read as unlimited.
 */
final class Units {
  static final long PER_UNIT = 1_000_000L;

  private Units() {}

  /** A demand, rounded up to whole micro-units. */
  static long demand(double value) {
    return quantize(value, true);
  }

  /** A capacity, rounded down to whole micro-units. */
  static long capacity(double value) {
    return quantize(value, false);
  }

  private static long quantize(double value, boolean up) {
    double scaled = value * PER_UNIT;
    double nearest = Math.rint(scaled);
    double tolerance = Math.max(1e-6, Math.abs(scaled) * 1e-14);
    if (Math.abs(scaled - nearest) <= tolerance) return (long) nearest;
    return (long) (up ? Math.ceil(scaled) : Math.floor(scaled));
  }

  static double toDouble(long units) {
    return units / (double) PER_UNIT;
  }

  /** "8", "0.5", "12.25"; "unlimited" for a saturated value. */
  static String format(long units) {
    if (units == Long.MAX_VALUE) return "unlimited";
    return BigDecimal.valueOf(units, 6).stripTrailingZeros().toPlainString();
  }
}
