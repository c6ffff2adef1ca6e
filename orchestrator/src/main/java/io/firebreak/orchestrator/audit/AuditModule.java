package io.firebreak.orchestrator.audit;

import io.dropwizard.core.setup.Environment;
import io.firebreak.orchestrator.config.AuditFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit trail as the application wires it: the log, the checkpoint key from the data
 * directory, the checkpointer (started and stopped with the server; it signs a last checkpoint on
 * shutdown) and {@link AuditResource}.
 */
public final class AuditModule {
  private final AuditLog log;
  private final AuditVerifier verifier;
  private final AuditSigningKey key;

  private AuditModule(AuditLog log, AuditVerifier verifier, AuditSigningKey key) {
    this.log = log;
    this.verifier = verifier;
    this.key = key;
  }

  /**
   * Builds the audit trail on the migrated database behind {@code jdbi} and registers its parts
   * with {@code environment}.
   *
   * @throws IOException if the audit key cannot be read or created in {@code dataDir}
   */
  public static AuditModule install(AuditFactory config, Environment environment, Jdbi jdbi, Path dataDir,
      Clock clock) throws IOException {
    AuditSigningKey key = AuditSigningKey.openOrCreate(dataDir);
    AuditLog log = new AuditLog(jdbi, clock);
    AuditVerifier verifier = new AuditVerifier(jdbi, key.publicKey());
    environment.lifecycle().manage(new AuditCheckpointer(log, key, config.getCheckpointInterval().toJavaDuration(), clock));
    environment.jersey().register(new AuditResource(log, verifier));
    return new AuditModule(log, verifier, key);
  }

  public AuditLog log() {
    return log;
  }

  public AuditVerifier verifier() {
    return verifier;
  }

  /** The public half of the checkpoint key ({@code <dataDir>/audit-key.pub.pem}). */
  public AuditPublicKey publicKey() {
    return key.publicKey();
  }
}
