package io.firebreak.orchestrator.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.gdap.TenantIds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a generic alert document field by field. Every refusal names the field, so a
 * detection engineer can fix the integration from the 400 alone. Stateless.
 *
 * <pre>{"type": "malware-detected", "severity": "high", "source": "edr-falcon",
 *  "host": "web-0001", "partition": "blue", "title": "...", "externalId": "...", "details": {...}}</pre>
 *
 * <p>An alert about a Microsoft partner (e.g. {@code partner-compromise}) carries the partner
 * context: {@code "partnerTenantId": "<guid>"} and {@code "customerTenantIds": ["<guid>", ...]}
 * (the customers it concerns; omitted or empty: it names none). Tenant ids are GUIDs and are
 * stored in lower case.
 */
public final class AlertParser {
  public static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  /** Most customer tenants one alert may name. */
  public static final int MAX_CUSTOMER_TENANTS = 1000;
  private static final Set<String> FIELDS = Set.of("type", "severity", "source", "host", "partition", "title",
      "externalId", "details", "partnerTenantId", "customerTenantIds");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private AlertParser() {}

  /**
   * A validated alert (not yet stored).
   *
   * @param partnerTenantId lower-case GUID, or null
   * @param customerTenantIds lower-case GUIDs in the order given, without repeats; empty when none
   */
  public record ParsedAlert(String type, String severity, String source, String host,
      String partition, String title, String externalId, JsonNode details, String partnerTenantId,
      List<String> customerTenantIds) {

    public ParsedAlert {
      customerTenantIds = customerTenantIds == null ? List.of() : List.copyOf(customerTenantIds);
    }
  }

  public static ParsedAlert parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("$", "the alert must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest(name, "unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    String type = required(body, "type", TOKEN);
    String severity = required(body, "severity", null).toLowerCase(java.util.Locale.ROOT);
    if (!SEVERITIES.contains(severity)) {
      throw ApiException.badRequest("severity", "must be one of " + SEVERITIES + ", got '" + severity + "'");
    }
    String source = required(body, "source", TOKEN);
    String host = optional(body, "host", HOST, 255);
    String partition = optional(body, "partition", TOKEN, 64);
    String title = optional(body, "title", null, 1000);
    String externalId = optional(body, "externalId", null, 255);
    JsonNode details = body.get("details");
    if (details != null && !details.isNull() && !details.isObject()) {
      throw ApiException.badRequest("details", "must be a JSON object");
    }
    String partnerTenantId = optional(body, "partnerTenantId", null, 128);
    if (partnerTenantId != null) {
      partnerTenantId = tenantId("partnerTenantId", partnerTenantId);
    }
    return new ParsedAlert(type, severity, source, host, partition, title, externalId, details, partnerTenantId,
        customerTenantIds(body));
  }

  private static List<String> customerTenantIds(JsonNode body) {
    JsonNode node = body.get("customerTenantIds");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest("customerTenantIds", "must be an array of tenant ids (GUIDs)");
    }
    if (node.size() > MAX_CUSTOMER_TENANTS) {
      throw ApiException.badRequest("customerTenantIds",
          "names " + node.size() + " tenants; at most " + MAX_CUSTOMER_TENANTS + " are allowed");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String field = "customerTenantIds[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        throw ApiException.badRequest(field, "must be a string, got "
            + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
      }
      String id = tenantId(field, item.asText().strip());
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static String tenantId(String field, String value) {
    if (!TenantIds.isTenantId(value)) {
      throw ApiException.badRequest(field, "'" + value + "' is not a tenant id (a GUID such as "
          + "72f988bf-86f1-41af-91ab-2d7cd011db47)");
    }
    return TenantIds.canonical(value);
  }

  private static String required(JsonNode body, String field, Pattern pattern) {
    String value = optional(body, field, pattern, 128);
    if (value == null) {
      throw ApiException.badRequest(field, "is required");
    }
    return value;
  }

  private static String optional(JsonNode body, String field, Pattern pattern, int maxLength) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(field, "must be a string, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    String value = node.asText().strip();
    if (value.isEmpty()) {
      throw ApiException.badRequest(field, "must not be empty");
    }
    if (value.length() > maxLength) {
      throw ApiException.badRequest(field, "longer than " + maxLength + " characters");
    }
    if (pattern != null && !pattern.matcher(value).matches()) {
      throw ApiException.badRequest(field, "'" + value + "' is not a valid " + field + " (letters, digits, . _ : -)");
    }
    return value;
  }
}
