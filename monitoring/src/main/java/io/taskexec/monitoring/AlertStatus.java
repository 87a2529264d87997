package io.taskexec.monitoring;

import java.time.Instant;

/**
 * Where one alert rule stands after the latest check, for people and the HTTP API: whether its
 * condition holds now, since when, what was measured against what, and when it last fired (it
 * fires at most once per {@code cooldown_period}, however long the condition holds).
 *
 * @param rule resource_utilisation, failure_rate, deadline_misses, queue_age or lost_agents
 * @param firing whether the condition held at the latest check
 * @param severity warning or critical (of the latest alert; null when the rule never held)
 * @param value what was measured when the condition last held
 * @param threshold what it was compared with
 * @param message a sentence for people (of the latest time the condition held)
 * @param since when the condition started to hold without a break, or null when it does not hold now
 * @param lastFired when an alert for this rule was last delivered, or null when never
 * @param lastHeld the latest check at which the condition held, or null when never
 */
public record AlertStatus(String rule, boolean firing, String severity, double value, double threshold, String message,
    Instant since, Instant lastFired, Instant lastHeld) {}
