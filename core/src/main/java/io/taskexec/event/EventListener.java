package io.taskexec.event;

import java.util.List;

/**
 * Receives the engine's events in order, in batches. Called on the engine's own event thread, never
 * concurrently with itself; it must not block for long (hand slow work to another thread) and must
 * not throw (an exception is logged and the listener keeps receiving).
 */
@FunctionalInterface
public interface EventListener {
  void onEvents(List<TaskEvent> events);
}
