/**
 * The {@code taskexec} command. {@link io.taskexec.cli.Main} holds the command tree (picocli);
 * each subcommand is one class ({@code run}, {@code validate}, {@code version}). Reading files is
 * the ingest module's job, running them the engine's: this package turns their results into what a
 * person sees — problems with file:line, live progress or event lines, a summary table and a JSON
 * summary — and into exit codes ({@link io.taskexec.cli.ExitCodes}).
 */
package io.taskexec.cli;
