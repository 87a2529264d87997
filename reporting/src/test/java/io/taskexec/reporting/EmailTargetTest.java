package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.taskexec.config.ReportingConfig.Email;
import io.taskexec.reporting.deliver.Delivery;
import io.taskexec.reporting.deliver.EmailTarget;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delivery over SMTP to a real SMTP server (GreenMail) started by the test. */
class EmailTargetTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @Test
  void a_report_is_mailed_as_an_attachment_to_every_recipient() throws Exception {
    byte[] pdf = "%PDF-1.4 fake body".getBytes();
    Email cfg = new Email("127.0.0.1", SMTP.getSmtp().getPort(), "taskexec@example.com",
        List.of("ops@example.com", "lead@example.com"), null, null, false);
    new EmailTarget(cfg).deliver(new Delivery("run-20260601.pdf", "run", "pdf", "run-20260601.pdf", "application/pdf", pdf),
        Duration.ofSeconds(10));
    MimeMessage[] got = SMTP.getReceivedMessages();
    assertThat(got).hasSize(2); // one copy per recipient mailbox
    MimeMessage m = got[0];
    assertThat(m.getSubject()).isEqualTo("taskexec run report run-20260601.pdf");
    assertThat(m.getMessageID()).isEqualTo("<run-20260601.pdf@taskexec>");
    assertThat(m.getFrom()[0].toString()).isEqualTo("taskexec@example.com");
    Multipart parts = (Multipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    Part file = parts.getBodyPart(1);
    assertThat(file.getFileName()).isEqualTo("run-20260601.pdf");
    assertThat(file.getContentType()).startsWith("application/pdf");
    assertThat(file.getInputStream().readAllBytes()).isEqualTo(pdf);
  }
}
