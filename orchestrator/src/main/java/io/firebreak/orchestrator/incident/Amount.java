package io.firebreak.orchestrator.incident;

/**
 * A number of hosts given absolutely ({@code 5}) or as a percentage ({@code "20%"}) of a whole.
 * Parsed from playbooks; immutable.
 */
public record Amount(double value, boolean percent) {
  public static Amount parse(String text) {
    String trimmed = text.strip();
    try {
      if (trimmed.endsWith("%")) {
        double percent = Double.parseDouble(trimmed.substring(0, trimmed.length() - 1));
        if (percent < 0 || percent > 100) {
          throw new IllegalArgumentException("percentage out of 0..100: " + text);
        }
        return new Amount(percent, true);
      }
      long absolute = Long.parseLong(trimmed);
      if (absolute < 0) {
        throw new IllegalArgumentException("must not be negative: " + text);
      }
      return new Amount(absolute, false);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a count like 5 or a percentage like \"20%\", got '" + text + "'");
    }
  }

  /** The number of hosts this amount is of {@code whole}, rounding a percentage up. */
  public int of(int whole) {
    return percent ? (int) Math.ceil(value * whole / 100.0) : (int) Math.min(value, Integer.MAX_VALUE);
  }

  /** True when {@code count} problems out of {@code whole} exceed this budget. */
  public boolean exceededBy(int count, int whole) {
    if (percent) {
      return whole > 0 && count * 100.0 / whole > value;
    }
    return count > value;
  }

  @Override
  public String toString() {
    return percent ? stripZeros(value) + "%" : Long.toString((long) value);
  }

  private static String stripZeros(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }
}
