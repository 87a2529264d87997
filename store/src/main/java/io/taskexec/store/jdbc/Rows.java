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
  record EventRow(long id, TaskEvent event) {}

  /**
   * One task's events of one write, packed ({@link Packs}).
   *
   * @param id the storage id of its first event
   * @param uptoId the largest event id stored once its write is committed
   * @param uptoSeq the largest event seq stored once its write is committed
   * @param state the task's state after the pack's last event; {@code attempt}, {@code lastSeq},
   *     {@code atNs} are that event's too
   */
  record PackRow(long id, String taskId, long uptoId, long uptoSeq, String state, int attempt, long lastSeq,
      long atNs, String body) {}

  /** One caller's submission: all of it is written, or none of it. */
  record SubmitBatch(List<TaskRow> rows) {}
}
