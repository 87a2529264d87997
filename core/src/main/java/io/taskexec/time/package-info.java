/** Injected time: {@link io.taskexec.time.Clock}, its system implementation and a manual one for tests. */
package io.taskexec.time;
