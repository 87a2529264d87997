package io.taskexec.reporting.deliver;

import io.taskexec.config.ReportingConfig.Email;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Duration;
import java.util.Properties;

/**
 * Mails each report over SMTP as an attachment, with a short text body. The Message-ID is derived
 * from the report id, so that a copy sent twice is recognisable.
 */
public final class EmailTarget implements Target {
  private final Email config;

  public EmailTarget(Email config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void deliver(Delivery d, Duration timeout) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", config.smtpHost());
    p.put("mail.smtp.port", Integer.toString(config.smtpPort()));
    String ms = Long.toString(timeout.toMillis());
    p.put("mail.smtp.connectiontimeout", ms);
    p.put("mail.smtp.timeout", ms);
    p.put("mail.smtp.writetimeout", ms);
    if (config.startTls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    boolean auth = config.username() != null;
    if (auth) p.put("mail.smtp.auth", "true");
    Session session = Session.getInstance(p);
    MimeMessage m = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", "<" + d.id() + "@taskexec>");
      }
    };
    m.setFrom(new InternetAddress(config.from()));
    for (String to : config.to()) m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    m.setSubject("taskexec " + d.kind() + " report " + d.fileName(), "UTF-8");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("The taskexec " + d.kind() + " report is attached (" + d.fileName() + ", " + d.content().length + " bytes).\n",
        "UTF-8");
    MimeBodyPart file = new MimeBodyPart();
    file.setDataHandler(new DataHandler(new ByteArrayDataSource(d.content(), d.mediaType())));
    file.setFileName(d.fileName());
    m.setContent(new MimeMultipart(text, file));
    m.setHeader("X-Taskexec-Report-Id", d.id());
    m.saveChanges();
    if (auth) Transport.send(m, config.username(), config.password());
    else Transport.send(m);
  }

  @Override
  public String toString() {
    return "email via " + config.smtpHost() + ":" + config.smtpPort() + " to " + String.join(", ", config.to());
  }
}
