package io.taskexec.reporting.deliver;

import io.taskexec.reporting.Report;
import java.util.Objects;

/**
 * One report on its way to the targets: what the outbox keeps. {@code id} identifies the report
 * to receivers (webhook header {@code X-Taskexec-Report-Id}, e-mail Message-ID, AMQP message id),
 * so a receiver can drop the copy a crash between sending and recording may cause.
 */
public record Delivery(String id, String kind, String format, String fileName, String mediaType, byte[] content) {
  public Delivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(content, "content");
  }

  public static Delivery of(Report r) {
    return new Delivery(r.id() + "." + r.format().extension(), r.kind(), r.format().wireName(), r.fileName(),
        r.format().mediaType(), r.content());
  }
}
