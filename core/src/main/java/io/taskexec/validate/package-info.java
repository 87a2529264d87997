/**
 * Validation of submitted tasks: {@link io.taskexec.validate.TaskValidator} checks a batch and
 * returns every {@link io.taskexec.validate.Problem} at once, each with its
 * {@link io.taskexec.validate.SourceLocation} (looked up by field path in a
 * {@link io.taskexec.validate.SourceMap} that the parser filled) and a hint saying what to do.
 * {@link io.taskexec.validate.ValidationException} carries them to the caller, and
 * {@link io.taskexec.validate.Suggestions} offers "did you mean" for misspelt names.
 */
package io.taskexec.validate;
