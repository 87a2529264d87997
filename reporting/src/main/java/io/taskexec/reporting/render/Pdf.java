package io.taskexec.reporting.render;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import io.taskexec.reporting.ReportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** XHTML to PDF with openhtmltopdf (PDFBox), inline SVG drawn by Batik. */
final class Pdf {
  static {
    // openhtmltopdf logs every resource and timing through its own logger; its errors reach us as exceptions
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    // PDFBox warns once per base-14 font that it substitutes a system font (harmless, and sixteen lines
    // on a user's terminal); with slf4j-simple, unless the user chose a level for PDFBox, keep its errors only
    String key = "org.slf4j.simpleLogger.log.org.apache.pdfbox";
    if (System.getProperty(key) == null) System.setProperty(key, "error");
  }

  private Pdf() {}

  static byte[] render(String xhtml, String templateName) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
    try {
      PdfRendererBuilder b = new PdfRendererBuilder();
      b.useFastMode();
      b.useSVGDrawer(new BatikSVGDrawer());
      b.withHtmlContent(xhtml, null);
      b.toStream(out);
      b.run();
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new ReportException("the PDF could not be made from template " + templateName
          + " (PDF needs well-formed XHTML: every tag closed, e.g. <br /> not <br>): " + why, e);
    }
    return out.toByteArray();
  }
}
