/**
 * The report models and how they are computed from the {@code StateStore} SPI, one task at a time
 * ({@link io.taskexec.reporting.model.StoreScan}): per task only primitives are kept (for the
 * critical path and the timeline), lists that could grow with the run are bounded, and
 * distributions are HdrHistograms.
 */
package io.taskexec.reporting.model;
