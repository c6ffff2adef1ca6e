package io.firebreak.orchestrator.storage;

import org.flywaydb.core.Flyway;

/** Schema migrations, run at start before anything touches the database. */
public final class Database {
  private Database() {}

  /**
   * Process-wide settings of the embedded database, to be made before H2's first use (it reads
   * them once): no value cache. H2 otherwise hashes every string and number bound to a statement
   * to share equal values, about 8% of writing a result row and its audit event; the rows it
   * would share are written once and not read back. An explicit {@code -Dh2.objectCache} wins.
   */
  public static void configureEmbedded() {
    System.getProperties().putIfAbsent("h2.objectCache", "false");
  }

  /**
   * Applies pending migrations from {@code db/migration} on the classpath.
   *
   * @return the number of migrations applied
   */
  public static int migrate(String url, String user, String password) {
    return Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
