package io.firebreak.agent.isolation;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation, normalized to its network address ({@code 10.1.2.3/8}
 * becomes {@code 10.0.0.0/8}); a bare address is a /32 or /128. Only literal addresses are
 * accepted, never host names, so parsing never touches DNS. Immutable.
 *
 * @param network the network address (host bits zero)
 * @param prefixLength the prefix length, 0..32 for IPv4 and 0..128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public Cidr {
    Objects.requireNonNull(network, "network");
    if (prefixLength < 0 || prefixLength > bits(network)) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " out of range for " + network.getHostAddress());
    }
    network = mask(network, prefixLength);
  }

  /**
   * Parses {@code text}: {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/64}, {@code ::1}.
   *
   * @throws IllegalArgumentException naming {@code text} if it is not a literal address or network
   */
  public static Cidr parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!IPV4_LITERAL.matcher(address).matches() && !IPV6_LITERAL.matcher(address).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IPv4 or IPv6 address or CIDR (host names are not allowed)");
    }
    InetAddress parsed;
    try {
      parsed = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid IP address", e);
    }
    if (slash < 0) {
      return new Cidr(parsed, bits(parsed));
    }
    String prefix = trimmed.substring(slash + 1);
    if (!prefix.matches("\\d{1,3}")) {
      throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
    }
    int length = Integer.parseInt(prefix);
    if (length > bits(parsed)) {
      throw new IllegalArgumentException(
          "'" + text + "': prefix length must be at most " + bits(parsed));
    }
    return new Cidr(parsed, length);
  }

  /** The single-address network of {@code address} (/32 or /128). */
  public static Cidr of(InetAddress address) {
    return new Cidr(address, bits(address));
  }

  /** True for an IPv4 network. */
  public boolean ipv4() {
    return network instanceof Inet4Address;
  }

  /** True when {@code address} lies in this network. */
  public boolean contains(InetAddress address) {
    return bits(address) == bits(network) && mask(address, prefixLength).equals(network);
  }

  /** The nft element: {@code 10.0.0.0/8}, or the bare address for a single host. */
  @Override
  public String toString() {
    String address = format(network);
    return prefixLength == bits(network) ? address : address + "/" + prefixLength;
  }

  /**
   * {@code address} as text, IPv6 in its compressed form ({@code fd00:231::1}, as nft and ip print
   * it; Java's own form spells out every group).
   */
  public static String format(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int index = 0; index < 8; index++) {
      groups[index] = ((bytes[2 * index] & 0xff) << 8) | (bytes[2 * index + 1] & 0xff);
    }
    // The longest run of at least two zero groups becomes "::" (RFC 5952).
    int bestStart = -1;
    int bestLength = 1;
    for (int start = 0; start < 8; start++) {
      int length = 0;
      while (start + length < 8 && groups[start + length] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = start;
        bestLength = length;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int index = 0; index < 8; index++) {
      if (index == bestStart) {
        text.append("::");
        index += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[index]));
    }
    return text.toString();
  }

  private static int bits(InetAddress address) {
    return address.getAddress().length * 8;
  }

  private static InetAddress mask(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
    }
  }
}
