package io.firebreak.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.cli.CliEnvironment;
import io.firebreak.cli.CliException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the server URL and the token come from, and the login file's safety. */
class ConnectionResolverTest {
  @TempDir Path home;

  @Test
  void flagsBeatEnvironmentBeatFile_eachValueOnItsOwn() throws Exception {
    Path file = home.resolve(".config/firebreak/config.json");
    new ConfigFile(file).write("http://from-file:8080", "file-token");
    Map<String, String> variables = new HashMap<>();

    Connection fromFile = ConnectionResolver.resolve(null, null, environment(variables));
    variables.put("FIREBREAK_URL", "http://from-env:8080/");
    Connection envServerFileToken = ConnectionResolver.resolve(null, null, environment(variables));
    variables.put("FIREBREAK_TOKEN", "env-token");
    Connection flags = ConnectionResolver.resolve("https://from-flag", "flag-token", environment(variables));

    assertThat(fromFile).isEqualTo(new Connection("http://from-file:8080", file.toString(), "file-token", file.toString()));
    assertThat(envServerFileToken.server()).isEqualTo("http://from-env:8080");
    assertThat(envServerFileToken.token()).isEqualTo("file-token");
    assertThat(flags).isEqualTo(new Connection("https://from-flag", "--server", "flag-token", "--token"));
    assertThat(flags.toString()).doesNotContain("flag-token");
  }

  @Test
  void nothingConfigured_meansTheLocalDefaultServerAndNoToken() {
    Connection connection = ConnectionResolver.resolve(null, null, environment(Map.of()));

    assertThat(connection.server()).isEqualTo("http://127.0.0.1:8080");
    assertThat(connection.token()).isNull();
  }

  @Test
  void configFile_isOwnerOnlyAndReplacedWhole() throws Exception {
    Path file = home.resolve("deep/dir/config.json");
    ConfigFile config = new ConfigFile(file);

    config.write("http://a:1", "first");
    config.write("http://b:2", "second");

    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(config.read()).isEqualTo(new ConfigFile.Saved("http://b:2", "second"));
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing.map(path -> path.getFileName().toString())).containsExactly("config.json");
    }
  }

  @Test
  void brokenConfigFile_isAUsageErrorNamingIt() throws Exception {
    Path file = Files.writeString(home.resolve("config.json"), "{not json");
    Map<String, String> variables = Map.of("FIREBREAK_CONFIG", file.toString());

    assertThatThrownBy(() -> ConnectionResolver.resolve(null, null, environment(variables)))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("cannot use the configuration file " + file)
        .satisfies(error -> assertThat(((CliException) error).exitCode()).isEqualTo(2));
  }

  private CliEnvironment environment(Map<String, String> variables) {
    return new CliEnvironment(variables, home, new ByteArrayInputStream(new byte[0]), false, Duration.ofMillis(100));
  }
}
