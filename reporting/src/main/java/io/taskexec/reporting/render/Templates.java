package io.taskexec.reporting.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import io.taskexec.reporting.ReportException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The report templates: logic-less Mustache (mustache.java). A template named {@code run.html} is the
 * file {@code run.html.mustache} in the user's {@code templates_path} when there is one, else the
 * built-in one; partials ({@code {{> style}}}) resolve the same way.
 *
 * <p>Why Mustache: a template can only read values, test them for presence and iterate lists — it
 * has no expressions, no method calls and no way to load classes. On top of that, this class gives
 * templates nothing but maps, lists, strings, numbers and booleans, and its object handler refuses
 * every Java field and method, so {@code {{class.classLoader}}} on a string renders nothing.
 * Values are HTML-escaped unless the template asks for raw output ({@code {{{svg}}}}), which the
 * built-in templates use only for the charts this module draws.
 *
 * <p>A syntax error names the template, where it came from and the line. Thread-safe.
 */
public final class Templates {
  static final String BUILT_IN = "io/taskexec/reporting/templates/";
  static final String EXTENSION = ".mustache";

  private final Path userDir;
  private final DefaultMustacheFactory factory;

  /** @param userDir the user's templates, or null; a directory that does not exist means none */
  public Templates(Path userDir) {
    this.userDir = userDir != null && Files.isDirectory(userDir) ? userDir.toAbsolutePath().normalize() : null;
    this.factory = new DefaultMustacheFactory(new Resolver());
    this.factory.setObjectHandler(new MapsOnly());
  }

  /** Where user templates are read from, or null when only the built-in ones are used. */
  public Path userDir() {
    return userDir;
  }

  /**
   * Renders the template {@code name} (without {@value #EXTENSION}) with {@code scope}.
   *
   * @throws ReportException when the template is missing or has a syntax error
   */
  public String render(String name, Object scope) {
    Mustache m;
    try {
      m = factory.compile(name + EXTENSION);
    } catch (MustacheException e) {
      throw new ReportException(describe(e), e);
    }
    StringWriter out = new StringWriter(64 * 1024);
    try {
      m.execute(out, scope);
    } catch (MustacheException e) {
      throw new ReportException(describe(e), e);
    }
    return out.toString();
  }

  private String describe(MustacheException e) {
    TemplateContext c = e.getContext();
    String msg = e.getMessage();
    if (c != null) {
      String file = c.file();
      String origin = origin(file);
      // mustache.java appends " @[file:line]"; the context says it in full
      String bare = msg.replaceAll("\\s*@\\[[^\\]]*\\]\\s*$", "");
      return "template " + file + " (" + origin + "), line " + c.line() + ": " + bare
          + "; fix the template" + (origin.startsWith("built-in") ? "" : " or remove it to use the built-in one");
    }
    return "template error: " + msg;
  }

  private String origin(String file) {
    if (userDir != null && Files.isRegularFile(userDir.resolve(file))) return userDir.resolve(file).toString();
    return "built-in";
  }

  /** User directory first, then the class path; never outside the user directory. */
  private final class Resolver implements MustacheResolver {
    @Override
    public Reader getReader(String resourceName) {
      if (userDir != null) {
        Path p = userDir.resolve(resourceName).normalize();
        if (p.startsWith(userDir) && Files.isRegularFile(p)) {
          try {
            return Files.newBufferedReader(p, StandardCharsets.UTF_8);
          } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      if (resourceName.contains("..")) return null;
      InputStream in = Templates.class.getClassLoader().getResourceAsStream(BUILT_IN + resourceName);
      return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
    }
  }

  /** Resolves names in maps only: every Java member is refused. */
  private static final class MapsOnly extends ReflectionObjectHandler {
    @Override
    protected void checkMethod(Method member) throws NoSuchMethodException {
      throw new NoSuchMethodException("templates may not call methods");
    }

    @Override
    protected void checkField(Field member) throws NoSuchFieldException {
      throw new NoSuchFieldException("templates may not read fields");
    }
  }
}
