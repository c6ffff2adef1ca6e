package io.firebreak.orchestrator.gdap;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Microsoft Entra tenant ids: GUIDs such as {@code 72f988bf-86f1-41af-91ab-2d7cd011db47}. Alerts,
 * playbooks and API requests name customer and partner tenants this way; the canonical form is
 * lower case. Stateless.
 */
public final class TenantIds {
  /** A GUID in its 8-4-4-4-12 hexadecimal form, either case. */
  public static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private TenantIds() {}

  /** True when {@code value} is a tenant id (a GUID). */
  public static boolean isTenantId(String value) {
    return value != null && GUID.matcher(value).matches();
  }

  /** The canonical (lower-case) form of a tenant id; {@code value} must be one. */
  public static String canonical(String value) {
    if (!isTenantId(value)) {
      throw new IllegalArgumentException("'" + value + "' is not a tenant id (a GUID such as "
          + "72f988bf-86f1-41af-91ab-2d7cd011db47)");
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
