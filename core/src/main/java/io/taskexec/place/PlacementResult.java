package io.taskexec.place;

import java.util.List;

/**
 * The outcome of one placement. "Does not fit" is a value with reasons; an internal error is a
 * different value, never confused with the first.
 */
public sealed interface PlacementResult {
  record Placed(Allocation allocation) implements PlacementResult {}

  /**
   * No agent fits now. {@code reasons} say why, counted per reason, e.g. "cpu: 3 agents short".
   *
   * @param everPlaceable false when no agent could hold the task even empty
   */
  record Unplaceable(List<String> reasons, boolean everPlaceable) implements PlacementResult {}

  record Error(String message, Throwable cause) implements PlacementResult {}
}
