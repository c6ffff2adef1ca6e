package io.firebreak.orchestrator.storage;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/** A real, migrated H2 file database in a test's temporary directory. */
public final class TestDatabase {
  private TestDatabase() {}

  public static Jdbi create(Path dir) {
    String url = "jdbc:h2:file:" + dir.resolve("test").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
    Database.migrate(url, "sa", "");
    return Jdbi.create(url, "sa", "");
  }
}
