package io.firebreak.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import java.nio.file.Path;

/**
 * The relational store. With no {@code url} it is H2 in a file under the data directory
 * ({@code <dataDir>/db/firebreak.mv.db}); a JDBC url points it elsewhere.
 */
public class DatabaseFactory {
  @JsonProperty private String url = "";
  @JsonProperty private String user = "firebreak";
  @JsonProperty private String password = "";

  /** The JDBC url to use, given the resolved data directory. */
  public String jdbcUrl(Path dataDir) {
    if (url != null && !url.isBlank()) {
      return url;
    }
    // WRITE_DELAY=0 writes every commit to the file at once: H2 otherwise keeps the last half
    // second of commits in memory, and a killed orchestrator would lose results it had already
    // reported to Temporal as recorded (found by WorkerCrashIT: 277 of 300 rows after SIGKILL).
    // DB_CLOSE_ON_EXIT=FALSE: the server closes the database itself (the pool, last), after the
    // components that write at shutdown (the audit's final checkpoint); H2's own shutdown hook
    // closed it under them (found by AuditShutdownIT). H2 refuses it together with AUTO_SERVER, so
    // one process owns the file: a restarted orchestrator takes it over once the old one is gone
    // (WorkerCrashIT), and other processes go through the API.
    return "jdbc:h2:file:" + dataDir.resolve("db").resolve("firebreak").toAbsolutePath()
        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
  }

  public String getUser() {
    return user;
  }

  public String getPassword() {
    return password;
  }

  /** A Dropwizard pool factory for the resolved url. */
  public DataSourceFactory dataSource(Path dataDir) {
    DataSourceFactory factory = new DataSourceFactory();
    String jdbcUrl = jdbcUrl(dataDir);
    factory.setUrl(jdbcUrl);
    factory.setUser(user);
    factory.setPassword(password);
    factory.setDriverClass(jdbcUrl.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver");
    factory.setValidationQuery("SELECT 1");
    factory.setMinSize(2);
    factory.setMaxSize(32);
    return factory;
  }
}
