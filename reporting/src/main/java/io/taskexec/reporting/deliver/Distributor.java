package io.taskexec.reporting.deliver;

import io.taskexec.config.ReportingConfig;
import io.taskexec.reporting.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers reports to every configured target: each delivery is tried once and then up to
 * {@code retry_attempts} more times, waiting {@code retry_delay}, then twice that, four times
 * that...; each try is bounded by {@code timeout}. A delivery that still fails goes to the
 * {@link Outbox} and is tried again by {@link #retryOutbox()}, which a distributor runs when it
 * starts — so a report made while a target was down reaches it once the target is back, and no
 * report is lost. Delivery is at least once; receivers can drop copies by report id.
 *
 * <p>Blocks the caller while it retries. Thread-safe.
 */
public final class Distributor {
  private static final Logger LOG = LoggerFactory.getLogger(Distributor.class);

  /** Waits between tries; tests pass one that records the waits. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** What happened to one report at one target. {@code outboxEntry} is set when it waits there. */
  public record Result(String target, String reportId, boolean delivered, int tries, String error, Path outboxEntry) {}

  private final List<Target> targets;
  private final int retryAttempts;
  private final Duration retryDelay, timeout;
  private final Outbox outbox;
  private final Sleeper sleeper;

  public Distributor(List<Target> targets, int retryAttempts, Duration retryDelay, Duration timeout, Outbox outbox,
      Sleeper sleeper) {
    this.targets = List.copyOf(targets);
    this.retryAttempts = retryAttempts;
    this.retryDelay = retryDelay;
    this.timeout = timeout;
    this.outbox = outbox;
    this.sleeper = sleeper;
  }

  /** The targets of a configuration, with the outbox under {@code dataDir/outbox}. */
  public static Distributor of(ReportingConfig c, Path baseDir, Path dataDir) {
    return new Distributor(targets(c.targets(), baseDir), c.retryAttempts(), c.retryDelay(), c.timeout(),
        new Outbox(dataDir.resolve("outbox")), d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000)));
  }

  /** The targets a configuration names; a relative directory is resolved against {@code baseDir}. */
  public static List<Target> targets(ReportingConfig.Targets t, Path baseDir) {
    List<Target> out = new ArrayList<>();
    if (t.directory() != null) out.add(new DirectoryTarget(baseDir.resolve(t.directory())));
    if (t.webhook() != null) out.add(new WebhookTarget(t.webhook()));
    if (t.email() != null) out.add(new EmailTarget(t.email()));
    if (t.exchange() != null) out.add(new ExchangeTarget(t.exchange()));
    return out;
  }

  public List<Target> targets() {
    return targets;
  }

  public Outbox outbox() {
    return outbox;
  }

  /** Delivers each report to every target; what failed waits in the outbox. */
  public List<Result> deliver(List<Report> reports) {
    List<Result> out = new ArrayList<>();
    for (Report r : reports) {
      Delivery d = Delivery.of(r);
      for (Target t : targets) out.add(deliverOne(d, t, 0, null));
    }
    return out;
  }

  /** Tries every delivery waiting in the outbox, with the same retries; removes what went through. */
  public List<Result> retryOutbox() {
    List<Result> out = new ArrayList<>();
    for (Outbox.Entry e : outbox.pending()) {
      Target t = targets.stream().filter(x -> x.name().equals(e.target())).findFirst().orElse(null);
      if (t == null) {
        out.add(new Result(e.target(), e.delivery().id(), false, 0,
            "the target '" + e.target() + "' is no longer configured; the report stays in " + e.path(), e.path()));
        continue;
      }
      Result r = deliverOne(e.delivery(), t, e.tries(), e);
      out.add(r);
    }
    return out;
  }

  private Result deliverOne(Delivery d, Target t, int triedBefore, Outbox.Entry entry) {
    Duration wait = retryDelay;
    String error = null;
    int tries = 0;
    for (int i = 0; i <= retryAttempts; i++) {
      if (i > 0) {
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          error = "interrupted while waiting to retry";
          break;
        }
        wait = wait.multipliedBy(2);
      }
      tries++;
      try {
        t.deliver(d, timeout);
        if (entry != null) outbox.remove(entry);
        return new Result(t.name(), d.id(), true, tries, null, null);
      } catch (Exception e) {
        error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.debug("delivery of {} to {} failed (try {}): {}", d.id(), t, tries, error);
      }
    }
    Path kept = outbox.put(d, t.name(), error, triedBefore + tries);
    LOG.warn("report {} could not be delivered to {} after {} tries ({}); it waits in {}", d.id(), t, tries, error, kept);
    return new Result(t.name(), d.id(), false, tries, error, kept);
  }
}
