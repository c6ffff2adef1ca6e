package io.firebreak.orchestrator.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.playbook.Playbook;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resolves what a playbook would do on given targets, without acting: hosts per partition, waves,
 * steps with their inverses and irreversible steps, whether approval is needed, and a digest of
 * all of it (SHA-256 over the canonical JSON), which approvals bind to. Thread-safe.
 */
public final class PlanBuilder {
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final TargetResolver registry;

  public PlanBuilder(TargetResolver registry) {
    this.registry = registry;
  }

  /** The plan as a JSON-ready map, with its {@code digest}. */
  public Map<String, Object> plan(Playbook playbook, TargetSpec targets) {
    ResolvedTargets resolved = registry.resolveTargets(targets);
    Map<String, List<String>> byPartition = new TreeMap<>();
    List<String> offline = new ArrayList<>();
    for (TargetHost host : resolved.hosts()) {
      byPartition.computeIfAbsent(host.partition(), partition -> new ArrayList<>()).add(host.hostId());
      if (host.gatewayId() == null) {
        offline.add(host.hostId());
      }
    }
    Map<String, Object> partitions = new TreeMap<>();
    byPartition.forEach((partition, hosts) -> partitions.put(partition, Map.of("count", hosts.size(), "hosts", hosts)));
    List<Map<String, Object>> steps = new ArrayList<>();
    List<String> irreversible = new ArrayList<>();
    for (StepSpec step : playbook.toRequest("plan", targets, "plan", "plan", null).steps()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("name", step.name());
      view.put("action", step.action());
      view.put("parameters", new TreeMap<>(step.parameters()));
      view.put("batchSize", step.batchSize());
      view.put("hostTimeoutMs", step.hostTimeoutMs());
      view.put("inverse", step.inverse());
      view.put("irreversible", step.irreversible());
      steps.add(view);
      if (step.irreversible()) {
        irreversible.add(step.name());
      }
    }
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("playbook", playbook.name());
    plan.put("mode", playbook.mode());
    plan.put("approvalRequired", IncidentRequest.MODE_APPROVAL.equals(playbook.mode()));
    plan.put("targets", Map.of("total", resolved.hosts().size(), "partitions", partitions,
        "unknownHosts", resolved.unknownHosts(), "notConnected", offline));
    plan.put("waves", playbook.rollout().waveSizes(resolved.hosts().size()));
    plan.put("rollout", playbook.rollout());
    plan.put("steps", steps);
    plan.put("irreversibleSteps", irreversible);
    plan.put("digest", "sha256:" + digest(plan));
    return plan;
  }

  private static String digest(Map<String, Object> plan) {
    try {
      byte[] canonical = CANONICAL.writeValueAsString(plan).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest the plan", e);
    }
  }
}
