package io.firebreak.agent.trust;

import io.firebreak.agent.trust.PartitionKeyFiles.TrustedKey;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The partition signing keys an agent has pinned, by key id. Immutable and thread-safe.
 *
 * <p>An agent may pin keys of several partitions (a simulated fleet spans partitions); the verifier
 * still requires that the signing key's partition is the command's partition.
 */
public final class TrustStore {
  private final Map<String, TrustedKey> keysById;

  private TrustStore(Map<String, TrustedKey> keysById) {
    this.keysById = keysById;
  }

  /** A store of exactly {@code keys}. */
  public static TrustStore of(Collection<TrustedKey> keys) {
    Map<String, TrustedKey> byId = new TreeMap<>();
    for (TrustedKey key : keys) {
      byId.put(key.keyId(), key);
    }
    return new TrustStore(Map.copyOf(byId));
  }

  /**
   * Reads every file with {@link PartitionKeyFiles#read}.
   *
   * @throws IOException naming the first file that cannot be read or parsed
   */
  public static TrustStore load(Collection<Path> files) throws IOException {
    List<TrustedKey> keys = new ArrayList<>();
    for (Path file : files) {
      try {
        keys.add(PartitionKeyFiles.read(file));
      } catch (NoSuchFileException e) {
        throw new IOException("cannot read trust file " + file + ": no such file", e);
      } catch (AccessDeniedException e) {
        throw new IOException("cannot read trust file " + file + ": permission denied", e);
      } catch (IOException e) {
        String reason = String.valueOf(e.getMessage()).replace(file + ": ", "");
        throw new IOException("cannot read trust file " + file + ": " + reason, e);
      }
    }
    return of(keys);
  }

  /** The pinned key with this id, if any. */
  public Optional<TrustedKey> find(String keyId) {
    return Optional.ofNullable(keysById.get(keyId));
  }

  /** All pinned keys, sorted by key id. */
  public List<TrustedKey> keys() {
    return List.copyOf(new TreeMap<>(keysById).values());
  }

  /** All pinned key ids, sorted. */
  public List<String> keyIds() {
    return List.copyOf(new TreeMap<>(keysById).keySet());
  }

  /** True when no key is pinned: such an agent can verify nothing. */
  public boolean isEmpty() {
    return keysById.isEmpty();
  }
}
