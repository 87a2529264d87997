/**
 * Writing a report model as JSON, HTML (logic-less Mustache templates, charts from JFreeChart as
 * inline SVG) and PDF (openhtmltopdf from the same XHTML).
 */
package io.taskexec.reporting.render;
