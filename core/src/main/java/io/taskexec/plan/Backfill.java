package io.taskexec.plan;

/**
 * EASY backfilling (Lifka, 1995; Mu'alem and Feitelson, 2001) over one pool of a counted
 * resource, say processors: when the first job in the queue does not fit, it gets a reservation
 * at the earliest time enough of the running jobs will have ended (the "shadow time"), and a later
 * job may start now only if it fits now and either ends, by its estimate, before the shadow time,
 * or uses no more than the processors the first job will leave spare at that time ("extra").
 *
 * <p>A pure function of running jobs' estimated ends; the caller owns the clock and the queue.
 */
public final class Backfill {
  private Backfill() {}

  /**
   * The reservation of a blocked head job: at {@code shadowTime} it can start, and {@code extra}
   * units will still be free then besides what it takes. Consumed by backfilled jobs that run past
   * the shadow time, through {@link #admit}.
   */
  public static final class Reservation {
    private final long shadowTime;
    private long extra;

    Reservation(long shadowTime, long extra) {
      this.shadowTime = shadowTime;
      this.extra = extra;
    }

    public long shadowTime() {
      return shadowTime;
    }

    public long extra() {
      return extra;
    }

    /**
     * Whether a job needing {@code amount} units, which fits now, may start at {@code now} without
     * delaying the head job, given its estimated {@code runtime}; when it may and runs past the
     * shadow time, its units are taken from {@link #extra}.
     */
    public boolean admit(long now, long runtime, long amount) {
      if (now + runtime <= shadowTime) return true;
      if (amount <= extra) {
        extra -= amount;
        return true;
      }
      return false;
    }
  }

  /**
   * The head job's reservation.
   *
   * @param free units free now
   * @param need units the head job needs (more than {@code free})
   * @param runningEnd estimated end of each running job (any order; not changed)
   * @param runningAmount units each running job holds
   * @param count how many entries of the two arrays are used
   * @return the reservation; its shadow time is {@link Long#MAX_VALUE} when the running jobs will
   *     never free enough (the head job can never run), in which case no job is held back
   */
  public static Reservation reserve(
      long free, long need, long[] runningEnd, long[] runningAmount, int count) {
    Integer[] byEnd = new Integer[count];
    for (int i = 0; i < count; i++) byEnd[i] = i;
    java.util.Arrays.sort(byEnd, (a, b) -> Long.compare(runningEnd[a], runningEnd[b]));
    long available = free;
    for (int k = 0; k < count; k++) {
      int j = byEnd[k];
      available += runningAmount[j];
      // every job ending at the same instant frees its units at that instant
      if (available >= need && (k + 1 == count || runningEnd[byEnd[k + 1]] != runningEnd[j])) {
        return new Reservation(runningEnd[j], available - need);
      }
    }
    return new Reservation(Long.MAX_VALUE, Long.MAX_VALUE);
  }
}
