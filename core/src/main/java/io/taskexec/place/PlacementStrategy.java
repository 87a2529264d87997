package io.taskexec.place;

import java.util.Locale;

/** How the resource manager picks among agents that fit. */
public enum PlacementStrategy {
  /** The agent left with the least room after placing (packs tightly, keeps big holes free). */
  BEST_FIT,
  /** The first agent, in registration order, that fits. */
  FIRST_FIT,
  /** The agent left with the most room (spreads load). */
  SPREAD;

  public static PlacementStrategy parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
