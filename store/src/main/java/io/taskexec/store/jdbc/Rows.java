package io.taskexec.store.jdbc;

import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoredTask;
import io.taskexec.task.Task;
import java.util.List;

/** The rows the writer writes, already encoded. */
final class Rows {
  private Rows() {}

  /** A task as stored: the spec is TaskJson text, encoded on the submitter's thread. */
  record TaskRow(String id, long seq, long submittedAtNs, String spec) {
    static TaskRow of(StoredTask t) {
      Task task = t.task();
      return new TaskRow(task.id(), t.seq(), Codec.nanos(t.submittedAt()), Codec.spec(task));
    }
  }

  /** An event with its storage id (the order it was appended in). */
  record EventRow(long id, TaskEvent event, String data) {}

  /** The current state of one task, from its last event in a batch. */
  record StateRow(String taskId, String state, int attempt, long lastEventSeq, long lastEventId, long atNs) {
    static StateRow of(EventRow r) {
      TaskEvent e = r.event();
      return new StateRow(e.taskId(), e.state().name(), e.attempt(), e.seq(), r.id(), Codec.nanos(e.at()));
    }
  }

  /** One caller's submission: all of it is written, or none of it. */
  record SubmitBatch(List<TaskRow> rows) {}
}
