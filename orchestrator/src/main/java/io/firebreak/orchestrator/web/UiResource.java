package io.firebreak.orchestrator.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the UI's static files from the classpath: {@code /ui/} is the single page, {@code
 * /ui/<file>} its scripts, styles and images, and {@code /} redirects to the UI. Only plain file
 * names with a known extension are served (no directories, no {@code ..}), each with its exact
 * content type, because the filter's {@code nosniff} makes browsers trust it. Files are read once
 * and kept. Thread-safe.
 */
@Path("/")
public final class UiResource {
  public static final String CLASSPATH_ROOT = "/ui/";
  private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9-]+)*\\.([a-z]+)");
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png");

  private final String classpathRoot;
  // Only files that exist are kept, so requests for made-up names cannot grow the map.
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** Serves the files under {@code classpathRoot} (e.g. {@code "/ui/"}). */
  public UiResource(String classpathRoot) {
    this.classpathRoot = classpathRoot;
  }

  @GET
  public Response root() {
    return Response.seeOther(URI.create("/ui/")).build();
  }

  /** The page; it names its files with absolute paths, so {@code /ui} and {@code /ui/} both work. */
  @GET
  @Path("ui")
  public Response index() {
    return file("index.html");
  }

  @GET
  @Path("ui/{file}")
  public Response file(@PathParam("file") String name) {
    var matcher = FILE_NAME.matcher(name);
    String type = matcher.matches() ? CONTENT_TYPES.get(matcher.group(2)) : null;
    if (type == null) {
      return notFound();
    }
    byte[] bytes = files.computeIfAbsent(name, this::read);
    return bytes == null ? notFound() : Response.ok(bytes, type).build();
  }

  /** The file's bytes, or null when there is no such file. */
  private byte[] read(String name) {
    try (InputStream in = UiResource.class.getResourceAsStream(classpathRoot + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read UI file " + name, e);
    }
  }

  private static Response notFound() {
    return Response.status(Response.Status.NOT_FOUND).type("text/plain; charset=utf-8").entity("not found").build();
  }
}
