package io.firebreak.orchestrator.config;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads {@code classpath:NAME} from the orchestrator's own resources (the bundled embedded
 * defaults) and anything else as a file.
 */
public final class ClasspathOrFileSourceProvider implements ConfigurationSourceProvider {
  public static final String PREFIX = "classpath:";
  private final FileConfigurationSourceProvider files = new FileConfigurationSourceProvider();

  @Override
  public InputStream open(String path) throws IOException {
    if (path.startsWith(PREFIX)) {
      String name = path.substring(PREFIX.length());
      InputStream stream = getClass().getClassLoader().getResourceAsStream(name);
      if (stream == null) {
        throw new FileNotFoundException("no bundled configuration " + name);
      }
      return stream;
    }
    return files.open(path);
  }
}
