/** Task events: the one way state moves between stages of the pipeline. */
package io.taskexec.event;
