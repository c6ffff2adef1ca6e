package io.firebreak.orchestrator.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.api.ApiException;
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
 */
public final class AlertParser {
  public static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  private static final Set<String> FIELDS =
      Set.of("type", "severity", "source", "host", "partition", "title", "externalId", "details");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private AlertParser() {}

  /** A validated alert (not yet stored). */
  public record ParsedAlert(String type, String severity, String source, String host,
      String partition, String title, String externalId, JsonNode details) {}

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
    return new ParsedAlert(type, severity, source, host, partition, title, externalId, details);
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
