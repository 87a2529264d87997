/** The {@link io.taskexec.store.StateStore} SPI and its in-memory implementation. */
package io.taskexec.store;
