package io.firebreak.orchestrator.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every protected endpoint by an API token ({@code Authorization: Bearer …}) or a
 * browser session cookie. A cookie-authenticated request that can change state (anything but GET,
 * HEAD, OPTIONS) must carry the session's CSRF token in {@code X-CSRF-Token}. Roles are checked by
 * {@code @RolesAllowed}; admins hold every role. Thread-safe.
 */
@Priority(Priorities.AUTHENTICATION)
public final class FirebreakAuthFilter implements ContainerRequestFilter {
  public static final String SESSION_COOKIE = "fb_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final TokenAuthenticator tokens;
  private final SessionDao sessions;
  private final UserDao users;
  private final Clock clock;
  private final AccessEvents events;

  /** Told about token use and refusals (for the audit trail). */
  public interface AccessEvents {
    void tokenUsed(FirebreakPrincipal principal, String method, String path);

    void refused(String who, String method, String path, String why);

    AccessEvents NONE = new AccessEvents() {
      @Override
      public void tokenUsed(FirebreakPrincipal principal, String method, String path) {}

      @Override
      public void refused(String who, String method, String path, String why) {}
    };
  }

  public FirebreakAuthFilter(TokenAuthenticator tokens, SessionDao sessions, UserDao users, Clock clock,
      AccessEvents events) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.users = users;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String method = request.getMethod();
    String path = "/" + request.getUriInfo().getPath();
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw refuse(401, "anonymous", method, path, "use Authorization: Bearer <token>");
      }
      FirebreakPrincipal principal = tokens.authenticate(header.substring(7).trim())
          .orElseThrow(() -> refuse(401, "anonymous", method, path, "unknown, expired or revoked token"));
      events.tokenUsed(principal, method, path);
      install(request, principal, "Bearer");
      return;
    }
    Cookie cookie = request.getCookies().get(SESSION_COOKIE);
    if (cookie == null) {
      throw refuse(401, "anonymous", method, path, "log in, or send Authorization: Bearer <token>");
    }
    SessionDao.Session session = sessions.find(cookie.getValue(), clock.instant())
        .orElseThrow(() -> refuse(401, "anonymous", method, path, "session expired; log in again"));
    UserDao.User user = users.find(session.username()).filter(found -> found.disabledAt() == null)
        .orElseThrow(() -> refuse(401, session.username(), method, path, "user disabled"));
    if (!SAFE_METHODS.contains(method) && !csrfMatches(request.getHeaderString(CSRF_HEADER), session.csrfToken())) {
      throw refuse(403, user.username(), method, path, "missing or wrong CSRF token");
    }
    install(request, user.principal(session.id()), "Session");
  }

  private static boolean csrfMatches(String sent, String expected) {
    return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  private WebApplicationException refuse(int status, String who, String method, String path, String why) {
    events.refused(who, method, path, why);
    Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("error", why));
    if (status == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"firebreak\"");
    }
    return new WebApplicationException(response.build());
  }

  private static void install(ContainerRequestContext request, FirebreakPrincipal principal, String scheme) {
    boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
    request.setSecurityContext(new SecurityContext() {
      @Override
      public Principal getUserPrincipal() {
        return principal;
      }

      @Override
      public boolean isUserInRole(String role) {
        return principal.has(role);
      }

      @Override
      public boolean isSecure() {
        return secure;
      }

      @Override
      public String getAuthenticationScheme() {
        return scheme;
      }
    });
  }

  /** The caller of a request this filter authenticated, if any. */
  public static Optional<FirebreakPrincipal> caller(SecurityContext context) {
    return context != null && context.getUserPrincipal() instanceof FirebreakPrincipal principal
        ? Optional.of(principal) : Optional.empty();
  }
}
