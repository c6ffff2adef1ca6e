package io.firebreak.orchestrator.storage;

import org.flywaydb.core.Flyway;

/** Schema migrations, run at start before anything touches the database. */
public final class Database {
  private Database() {}

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
