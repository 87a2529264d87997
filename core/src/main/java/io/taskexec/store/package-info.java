/**
 * The {@link io.taskexec.store.StateStore} SPI: what the engine keeps (task specs, events, the
 * current state and attempts derived from them, agents, metric summaries, the report index), the
 * consistency rules every store must pass ({@link io.taskexec.store.StoreChecks}), the store's
 * errors, and the in-memory implementation. Durable stores live in the {@code store} module.
 */
package io.taskexec.store;
