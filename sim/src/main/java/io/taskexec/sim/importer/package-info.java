/**
 * Importers of public workload formats into a {@link io.taskexec.sim.Workload}: WfCommons JSON
 * (schemas 1.2 to 1.5), Pegasus DAX XML, Kasahara STG, Standard Workload Format job logs, and the
 * Alibaba GPU trace's node and pod lists. Bad input is an {@link
 * io.taskexec.sim.importer.ImportException} naming the file, the line or JSON path and the field.
 */
package io.taskexec.sim.importer;
