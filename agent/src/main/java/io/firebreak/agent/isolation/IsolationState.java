package io.firebreak.agent.isolation;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The isolation state an agent persists in {@value #FILE_NAME} in its state directory, so that a
 * restarted agent (or rebooted host) knows whether its host must be isolated and with which
 * allow-list. Written atomically (temporary file, then rename). Immutable.
 *
 * @param isolated whether the host is isolated
 * @param commandId the command that isolated or released the host
 * @param changedAtMs when that happened, epoch milliseconds
 * @param gateway the gateway target the policy was made for ({@code host:port}), null if released
 * @param gatewayAddresses the gateway addresses allowed
 * @param gatewayPort the gateway port allowed
 * @param allow the networks allowed, CIDR notation
 * @param allowDns whether DNS was allowed
 * @param allowDhcp whether DHCP was allowed
 */
record IsolationState(
    boolean isolated,
    String commandId,
    long changedAtMs,
    String gateway,
    List<String> gatewayAddresses,
    int gatewayPort,
    List<String> allow,
    boolean allowDns,
    boolean allowDhcp) {
  static final String FILE_NAME = "isolation.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /** The state of a host isolated under {@code policy} for {@code gateway}. */
  static IsolationState isolated(
      IsolationPolicy policy, HostPort gateway, String commandId, long nowMs) {
    return new IsolationState(
        true,
        commandId,
        nowMs,
        gateway.toString(),
        policy.gatewayAddresses().stream().map(Cidr::format).toList(),
        policy.gatewayPort(),
        policy.allow().stream().map(Cidr::toString).toList(),
        policy.allowDns(),
        policy.allowDhcp());
  }

  /** The state of a released host. */
  static IsolationState released(String commandId, long nowMs) {
    return new IsolationState(false, commandId, nowMs, null, List.of(), 0, List.of(), false, false);
  }

  /**
   * The persisted policy with the gateway addresses replaced by {@code currentGateway} (for example
   * freshly resolved ones); the stored ones when that is empty.
   *
   * @throws IOException if the stored addresses or networks are malformed
   */
  IsolationPolicy policy(List<InetAddress> currentGateway) throws IOException {
    try {
      List<InetAddress> addresses = new ArrayList<>(currentGateway);
      if (addresses.isEmpty()) {
        for (String address : gatewayAddresses) {
          addresses.add(Cidr.parse(address).network());
        }
      }
      return new IsolationPolicy(
          gatewayPort, addresses, allow.stream().map(Cidr::parse).toList(), allowDns, allowDhcp);
    } catch (IllegalArgumentException e) {
      throw new IOException("isolation state is malformed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the state from {@code directory}; empty if the agent never isolated this host.
   *
   * @throws IOException if the file cannot be read or is not valid isolation state
   */
  static Optional<IsolationState> read(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      IsolationState state = GSON.fromJson(json, IsolationState.class);
      if (state == null) {
        throw new IOException("isolation state file " + file + " is empty");
      }
      return Optional.of(state.withDefaults());
    } catch (JsonParseException e) {
      throw new IOException(
          "isolation state file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Writes this state to {@code directory} atomically. */
  void write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve(FILE_NAME);
    Path partial = directory.resolve(FILE_NAME + ".partial");
    Files.writeString(partial, GSON.toJson(this) + "\n", StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private IsolationState withDefaults() {
    return new IsolationState(
        isolated,
        commandId,
        changedAtMs,
        gateway,
        gatewayAddresses == null ? List.of() : List.copyOf(gatewayAddresses),
        gatewayPort,
        allow == null ? List.of() : List.copyOf(allow),
        allowDns,
        allowDhcp);
  }
}
