package io.firebreak.orchestrator.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.auth.Auth;
import io.firebreak.orchestrator.api.ApiException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Logins, users and API tokens: {@code /api/v1/session}, {@code /api/v1/users} (admin) and
 * {@code /api/v1/tokens} (admin for any; everyone else for their own, never wider than themselves).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AccessResource {
  static final int MAX_FAILED_LOGINS = 5;
  static final Duration LOCKOUT = Duration.ofMinutes(5);
  static final Duration DEFAULT_TOKEN_TTL = Duration.ofDays(90);
  static final Duration MAX_TOKEN_TTL = Duration.ofDays(365);
  private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
  private static final Pattern PARTITION = Pattern.compile("\\*|[a-z0-9][a-z0-9-]{0,62}");

  private final UserDao users;
  private final SessionDao sessions;
  private final ApiTokenDao tokens;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final LoginEvents events;
  /**
   * Hashed once so an unknown user costs as much as a wrong password (no user enumeration by
   * timing). Off the start path (an Argon2 hash takes ~0.3 s in a cold JVM, which a restarted
   * orchestrator would wait before its workers poll); the first login waits for it if needed.
   */
  private final java.util.concurrent.CompletableFuture<String> dummyHash;

  /** Told about logins, logouts and changes to users and tokens (for the audit trail). */
  public interface LoginEvents {
    void event(String action, String actor, String subject, Map<String, Object> details);

    LoginEvents NONE = (action, actor, subject, details) -> { };
  }

  public AccessResource(UserDao users, SessionDao sessions, ApiTokenDao tokens, PasswordHasher hasher, Clock clock,
      LoginEvents events) {
    this.users = users;
    this.sessions = sessions;
    this.tokens = tokens;
    this.hasher = hasher;
    this.clock = clock;
    this.events = events;
    this.dummyHash = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> hasher.hash("not-a-real-password-" + System.nanoTime()));
  }

  /** Logs in: {@code {"username","password"}}; sets the session cookie and returns the CSRF token. */
  @POST
  @Path("/session")
  public Response login(JsonNode body, @Context SecurityContext context) {
    String username = text(body, "username");
    String password = text(body, "password");
    Instant now = clock.instant();
    UserDao.User user = users.find(username).orElse(null);
    String stored = user == null ? null : users.passwordHash(username).orElse(null);
    boolean locked = user != null && user.lockedUntil() != null && user.lockedUntil().isAfter(now);
    boolean matches = hasher.verify(password, stored == null ? dummyHash.join() : stored) && stored != null;
    if (!matches || locked) {
      if (user != null && !locked) {
        users.failedLogin(username, MAX_FAILED_LOGINS, now.plus(LOCKOUT));
      }
      events.event("LOGIN_FAILED", username, username, Map.of("reason", locked ? "locked" : "bad credentials"));
      throw ApiException.unauthorized(locked
          ? "too many failed logins: try again after " + user.lockedUntil()
          : "wrong username or password");
    }
    users.succeededLogin(username);
    SessionDao.Opened opened = sessions.open(username, now);
    events.event("LOGIN", username, username, Map.of());
    boolean secure = context != null && context.isSecure();
    NewCookie cookie = new NewCookie.Builder(FirebreakAuthFilter.SESSION_COOKIE)
        .value(opened.cookie())
        .path("/")
        .httpOnly(true)
        .secure(secure)
        .sameSite(NewCookie.SameSite.STRICT)
        .build();
    return Response.ok(sessionView(user.principal(opened.session().id()), opened.session().csrfToken()))
        .cookie(cookie).build();
  }

  /** The current caller (and, for a browser session, its CSRF token). */
  @GET
  @Path("/session")
  @PermitAll
  public Map<String, Object> session(@Auth FirebreakPrincipal caller, @Context jakarta.ws.rs.core.HttpHeaders headers) {
    String csrf = null;
    if (caller.sessionId() != null) {
      jakarta.ws.rs.core.Cookie cookie = headers.getCookies().get(FirebreakAuthFilter.SESSION_COOKIE);
      csrf = sessions.find(cookie.getValue(), clock.instant()).map(SessionDao.Session::csrfToken).orElse(null);
    }
    return sessionView(caller, csrf);
  }

  /** Logs out: the session ends at once, the cookie is cleared. */
  @DELETE
  @Path("/session")
  @PermitAll
  public Response logout(@Auth FirebreakPrincipal caller) {
    if (caller.sessionId() != null) {
      sessions.close(caller.sessionId());
      events.event("LOGOUT", caller.name(), caller.name(), Map.of());
    }
    NewCookie expired = new NewCookie.Builder(FirebreakAuthFilter.SESSION_COOKIE)
        .value("").path("/").httpOnly(true).sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
    return Response.noContent().cookie(expired).build();
  }

  /** Who the caller is (token or session). */
  @GET
  @Path("/whoami")
  @PermitAll
  public Map<String, Object> whoami(@Auth FirebreakPrincipal caller) {
    return sessionView(caller, null);
  }

  /** Creates a user: {@code {"username","password","roles":[...],"partitions":[...],"tier":1}}. */
  @POST
  @Path("/users")
  @RolesAllowed(Roles.ADMIN)
  public Response createUser(@Auth FirebreakPrincipal caller, JsonNode body) {
    String username = text(body, "username");
    if (!USERNAME.matcher(username).matches()) {
      throw ApiException.badRequest("username", "must match " + USERNAME.pattern());
    }
    String password = text(body, "password");
    try {
      PasswordHasher.checkStrength(password);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("password", e.getMessage());
    }
    Set<String> roles = roles(body, "roles");
    Set<String> partitions = partitions(body, "partitions");
    int tier = body.path("tier").asInt(1);
    if (tier < 1 || tier > 9) {
      throw ApiException.badRequest("tier", "must be 1..9");
    }
    try {
      users.create(username, hasher.hash(password), roles, partitions, tier, clock.instant());
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage());
    }
    events.event("USER_CREATED", caller.name(), username, Map.of("roles", List.copyOf(roles),
        "partitions", List.copyOf(partitions), "tier", tier));
    return Response.status(201).entity(userView(users.find(username).orElseThrow())).build();
  }

  @GET
  @Path("/users")
  @RolesAllowed(Roles.ADMIN)
  public List<Map<String, Object>> listUsers() {
    return users.list().stream().map(AccessResource::userView).toList();
  }

  /** Disables a user and ends their sessions; their tokens stop working. */
  @POST
  @Path("/users/{name}/disable")
  @RolesAllowed(Roles.ADMIN)
  public Map<String, Object> disableUser(@Auth FirebreakPrincipal caller, @PathParam("name") String name) {
    if (!users.disable(name, clock.instant())) {
      throw ApiException.notFound("no enabled user " + name);
    }
    sessions.closeAll(name);
    events.event("USER_DISABLED", caller.name(), name, Map.of());
    return userView(users.find(name).orElseThrow());
  }

  /**
   * Creates an API token, shown once: {@code {"name","role","partitions":[...],"expiresInDays":90,
   * "owner":"alice"}}. An admin may create any token; anyone else gets a token of their own, with
   * one of their roles and within their partitions.
   */
  @POST
  @Path("/tokens")
  @PermitAll
  public Response createToken(@Auth FirebreakPrincipal caller, JsonNode body) {
    String name = text(body, "name");
    String role = text(body, "role");
    if (!Roles.ALL.contains(role)) {
      throw ApiException.badRequest("role", "must be one of " + new java.util.TreeSet<>(Roles.ALL));
    }
    String requestedOwner = body.hasNonNull("owner") ? body.get("owner").asText() : caller.name();
    Set<String> partitions = body.has("partitions") ? partitions(body, "partitions")
        : users.find(requestedOwner).map(UserDao.User::partitions).orElse(caller.partitions());
    long days = body.path("expiresInDays").asLong(DEFAULT_TOKEN_TTL.toDays());
    if (days < 1 || days > MAX_TOKEN_TTL.toDays()) {
      throw ApiException.badRequest("expiresInDays", "must be 1.." + MAX_TOKEN_TTL.toDays());
    }
    String owner = body.hasNonNull("owner") ? body.get("owner").asText() : caller.name();
    boolean admin = caller.roles().contains(Roles.ADMIN);
    if (!admin) {
      if (!owner.equals(caller.name())) {
        throw ApiException.forbidden("only an admin may create a token for someone else");
      }
      if (!caller.roles().contains(role)) {
        throw ApiException.forbidden("you do not hold the role " + role);
      }
      if (!caller.covers(partitions)) {
        throw ApiException.forbidden("a token cannot reach partitions you cannot: " + partitions);
      }
    }
    if (admin && body.hasNonNull("owner") && users.find(owner).isEmpty()) {
      throw ApiException.badRequest("owner", "no user " + owner);
    }
    UserDao.User ownerUser = users.find(owner).orElse(null);
    if (ownerUser != null) {
      // A person's token never reaches further than the person.
      if (!ownerUser.roles().contains(role) && !ownerUser.roles().contains(Roles.ADMIN)) {
        throw ApiException.badRequest("role", owner + " does not hold the role " + role);
      }
      if (!ownerUser.principal(null).covers(partitions)) {
        throw ApiException.badRequest("partitions", "outside " + owner + "'s partitions " + ownerUser.partitions());
      }
    }
    String ownerOrNull = ownerUser == null ? null : owner;
    String secret = ApiTokenDao.newSecret();
    Instant expires = clock.instant().plus(Duration.ofDays(days));
    String tokenId = tokens.create(name, role, secret, expires, ownerOrNull, partitions);
    events.event("TOKEN_CREATED", caller.name(), tokenId, Map.of("name", name, "role", role,
        "owner", String.valueOf(ownerOrNull), "expiresAt", expires.toString()));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("tokenId", tokenId);
    view.put("token", secret);
    view.put("note", "shown once: store it now");
    view.put("name", name);
    view.put("role", role);
    view.put("partitions", List.copyOf(partitions));
    view.put("owner", ownerOrNull);
    view.put("expiresAt", expires.toString());
    return Response.status(201).entity(view).build();
  }

  /** Tokens (never their secrets): all for an admin, one's own for anyone else. */
  @GET
  @Path("/tokens")
  @PermitAll
  public List<Map<String, Object>> listTokens(@Auth FirebreakPrincipal caller) {
    boolean admin = caller.roles().contains(Roles.ADMIN);
    List<Map<String, Object>> views = new ArrayList<>();
    for (ApiTokenDao.TokenRecord token : tokens.list()) {
      if (admin || caller.name().equals(token.owner())) {
        views.add(tokenView(token));
      }
    }
    return views;
  }

  /** Revokes a token at once. */
  @DELETE
  @Path("/tokens/{id}")
  @PermitAll
  public Response revokeToken(@Auth FirebreakPrincipal caller, @PathParam("id") String tokenId) {
    ApiTokenDao.TokenRecord token = tokens.list().stream().filter(t -> t.tokenId().equals(tokenId)).findFirst()
        .orElseThrow(() -> ApiException.notFound("no token " + tokenId));
    if (!caller.roles().contains(Roles.ADMIN) && !caller.name().equals(token.owner())) {
      throw ApiException.forbidden("only an admin or the token's owner may revoke it");
    }
    if (!tokens.revoke(tokenId)) {
      throw ApiException.conflict("token " + tokenId + " is already revoked");
    }
    events.event("TOKEN_REVOKED", caller.name(), tokenId, Map.of());
    return Response.noContent().build();
  }

  private static Map<String, Object> sessionView(FirebreakPrincipal principal, String csrf) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("user", principal.name());
    view.put("name", principal.name());
    view.put("tokenId", principal.tokenId());
    view.put("roles", List.copyOf(new java.util.TreeSet<>(principal.roles())));
    view.put("partitions", List.copyOf(new java.util.TreeSet<>(principal.partitions())));
    view.put("tier", principal.tier());
    view.put("via", principal.sessionId() != null ? "session" : "token");
    if (csrf != null) {
      view.put("csrfToken", csrf);
    }
    return view;
  }

  private static Map<String, Object> userView(UserDao.User user) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("username", user.username());
    view.put("roles", List.copyOf(user.roles()));
    view.put("partitions", List.copyOf(user.partitions()));
    view.put("tier", user.tier());
    view.put("createdAt", user.createdAt().toString());
    view.put("disabled", user.disabledAt() != null);
    return view;
  }

  private static Map<String, Object> tokenView(ApiTokenDao.TokenRecord token) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("tokenId", token.tokenId());
    view.put("name", token.name());
    view.put("role", token.role());
    view.put("partitions", List.copyOf(token.partitions()));
    view.put("owner", token.owner());
    view.put("expiresAt", token.expiresAt() == null ? null : token.expiresAt().toString());
    view.put("revoked", token.revokedAt() != null);
    view.put("lastUsedAt", token.lastUsedAt() == null ? null : token.lastUsedAt().toString());
    return view;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw ApiException.badRequest(field, "is required");
    }
    return value.asText();
  }

  private static Set<String> roles(JsonNode body, String field) {
    Set<String> roles = new LinkedHashSet<>();
    for (JsonNode role : array(body, field)) {
      if (!Roles.ALL.contains(role.asText())) {
        throw ApiException.badRequest(field, "unknown role " + role.asText() + "; one of " + new java.util.TreeSet<>(Roles.ALL));
      }
      roles.add(role.asText());
    }
    return roles;
  }

  private static Set<String> partitions(JsonNode body, String field) {
    Set<String> partitions = new LinkedHashSet<>();
    for (JsonNode partition : array(body, field)) {
      if (!PARTITION.matcher(partition.asText()).matches()) {
        throw ApiException.badRequest(field, "bad partition name " + partition.asText());
      }
      partitions.add(partition.asText());
    }
    return partitions;
  }

  private static JsonNode array(JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw ApiException.badRequest(field, "must be a non-empty array");
    }
    return value;
  }
}
