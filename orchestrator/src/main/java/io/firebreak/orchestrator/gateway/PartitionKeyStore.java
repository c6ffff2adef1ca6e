package io.firebreak.orchestrator.gateway;

import io.firebreak.agent.trust.PartitionKeyFiles;
import io.firebreak.orchestrator.storage.PrivateKeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ed25519 command-signing key per partition: the breach boundary. Generated on first start;
 * the private key is stored PKCS#8/PEM with mode 0600 (set when the file is created), the public
 * key beside it for agents to pin. Refuses a private key file readable by group or others.
 * Immutable after {@link #open}; thread-safe.
 */
public final class PartitionKeyStore {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionKeyStore.class);

  /** A partition's signing key. */
  public record PartitionKey(String partition, String keyId, PrivateKey privateKey, PublicKey publicKey) {}

  private final Map<String, PartitionKey> keys;

  private PartitionKeyStore(Map<String, PartitionKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** Loads the keys of {@code partitions} from {@code dir}, generating the missing ones. */
  public static PartitionKeyStore open(Path dir, List<String> partitions) throws IOException {
    Files.createDirectories(dir);
    Map<String, PartitionKey> keys = new LinkedHashMap<>();
    for (String partition : partitions) {
      if (!partition.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw new IllegalArgumentException("partition name '" + partition + "' is not a lowercase slug");
      }
      Path privateFile = dir.resolve(partition + ".key");
      Path publicFile = dir.resolve(partition + ".pub");
      PartitionKey key = Files.exists(privateFile) ? load(partition, privateFile, publicFile)
          : generate(partition, privateFile, publicFile);
      keys.put(partition, key);
    }
    return new PartitionKeyStore(keys);
  }

  public PartitionKey key(String partition) {
    PartitionKey key = keys.get(partition);
    if (key == null) {
      throw new IllegalArgumentException("partition '" + partition + "' is not served here");
    }
    return key;
  }

  public Set<String> partitions() {
    return keys.keySet();
  }

  private static PartitionKey generate(String partition, Path privateFile, Path publicFile) throws IOException {
    KeyPair pair = PrivateKeyFiles.generateEd25519();
    PrivateKeyFiles.writeOwnerOnly(privateFile, pair.getPrivate());
    PartitionKeyFiles.write(publicFile, partition, pair.getPublic());
    String keyId = PartitionKeyFiles.keyId(partition, pair.getPublic());
    LOG.info("Generated the command-signing key of partition {} ({}); agents pin {} with --trust", partition, keyId, publicFile);
    return new PartitionKey(partition, keyId, pair.getPrivate(), pair.getPublic());
  }

  private static PartitionKey load(String partition, Path privateFile, Path publicFile) throws IOException {
    byte[] pkcs8 = PrivateKeyFiles.readOwnerOnly(privateFile);
    try {
      PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      PartitionKeyFiles.TrustedKey trusted = PartitionKeyFiles.read(publicFile);
      if (!trusted.partition().equals(partition)) {
        throw new IOException(publicFile + ": names partition " + trusted.partition() + ", expected " + partition);
      }
      return new PartitionKey(partition, trusted.keyId(), privateKey, trusted.publicKey());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(privateFile + ": not an Ed25519 private key: " + e.getMessage(), e);
    }
  }
}
