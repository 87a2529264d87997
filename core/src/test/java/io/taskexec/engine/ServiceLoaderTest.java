package io.taskexec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.place.AgentSpec;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLoaderTest {
  @TempDir Path dir;

  @Test
  void handlers_listed_in_meta_inf_services_are_registered_by_type() {
    try (var engine = new EngineFixture().builder(dir, AgentSpec.of("a", 2, 4, 4, 0)).build()) {
      TaskResult r = engine.submit(Task.builder("u", "uppercase").cpu(1).param("text", "hello").build()).result().join();
      assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(r.output()).containsEntry("text", "HELLO");
    }
  }
}
