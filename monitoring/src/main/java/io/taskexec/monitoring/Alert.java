package io.taskexec.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert: a rule whose condition held at a check.
 *
 * @param rule resource_utilisation, failure_rate, deadline_misses, queue_age or lost_agents
 * @param severity warning or critical
 * @param value what was measured
 * @param threshold what it was compared with
 * @param message a sentence for people
 */
public record Alert(String rule, String severity, double value, double threshold, String message, Instant at) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** As JSON (the webhook body and the AMQP message). */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", rule);
    m.put("severity", severity);
    m.put("value", Double.isFinite(value) ? value : null);
    m.put("threshold", threshold);
    m.put("message", message);
    m.put("at", at.toString());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
