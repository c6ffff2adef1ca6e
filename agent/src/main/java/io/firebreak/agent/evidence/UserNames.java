package io.firebreak.agent.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * User names by uid from a passwd file, read once per collection; an unknown uid is shown as its
 * number. Immutable.
 */
final class UserNames {
  private final Map<Integer, String> byUid;

  private UserNames(Map<Integer, String> byUid) {
    this.byUid = byUid;
  }

  /** The names in {@code passwd}; none (numbers only) if it cannot be read. */
  static UserNames read(Path passwd) {
    Map<Integer, String> byUid = new HashMap<>();
    try {
      for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
        String[] field = line.split(":", -1);
        if (field.length >= 3 && field[2].matches("\\d{1,10}")) {
          byUid.putIfAbsent(Integer.parseUnsignedInt(field[2]), field[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Numbers are still evidence.
    }
    return new UserNames(Map.copyOf(byUid));
  }

  /** The name of {@code uid}, or the uid as text. */
  String name(int uid) {
    return byUid.getOrDefault(uid, Integer.toUnsignedString(uid));
  }
}
