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

  /** The plan of a dry run: targets resolved now, as an incident would resolve them. */
  public Map<String, Object> plan(Playbook playbook, TargetSpec targets) {
    ResolvedTargets resolved = registry.resolveTargets(targets);
    List<StepSpec> steps = playbook.toRequest("plan", targets, "plan", "plan", null).steps();
    Map<String, Object> plan = view(playbook.name(), playbook.mode(), steps, playbook.rollout(), resolved.hosts(),
        resolved.unknownHosts());
    Map<String, Integer> perPartition = new TreeMap<>();
    resolved.hosts().forEach(host -> perPartition.merge(host.partition(), 1, Integer::sum));
    io.firebreak.orchestrator.policy.Policy.Requirement requirement =
        registry.requirement(steps, IncidentRequest.MODE_APPROVAL.equals(playbook.mode()), perPartition);
    Map<String, Object> approval = new LinkedHashMap<>();
    approval.put("required", requirement.approvals());
    approval.put("reasons", requirement.reasons());
    approval.put("grantTtl", requirement.grantTtl().toString());
    approval.put("expiresAfter", requirement.requestTtl().toString());
    plan.put("approval", approval);
    plan.put("approvalRequired", requirement.approvals() > 0);
    return plan;
  }

  /**
   * The plan as a JSON-ready map with its {@code digest}: SHA-256 over the canonical JSON of what
   * will happen (playbook, hosts per partition, waves, rollout, steps with parameters, inverses and
   * irreversibility). Which hosts are connected right now is shown but not digested, so the digest
   * of a dry run equals the digest an approval names when the targets resolve the same.
   */
  public static Map<String, Object> view(String playbook, String mode, List<StepSpec> stepSpecs, RolloutSpec rollout,
      List<TargetHost> hosts, List<String> unknownHosts) {
    Map<String, List<String>> byPartition = new TreeMap<>();
    List<String> offline = new ArrayList<>();
    for (TargetHost host : hosts) {
      byPartition.computeIfAbsent(host.partition(), partition -> new ArrayList<>()).add(host.hostId());
      if (host.gatewayId() == null) {
        offline.add(host.hostId());
      }
    }
    Map<String, Object> partitions = new TreeMap<>();
    byPartition.forEach((partition, ids) -> partitions.put(partition, Map.of("count", ids.size(), "hosts", ids)));
    List<Map<String, Object>> steps = new ArrayList<>();
    List<String> irreversible = new ArrayList<>();
    for (StepSpec step : stepSpecs) {
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
    plan.put("playbook", playbook);
    plan.put("mode", mode);
    plan.put("targets", Map.of("total", hosts.size(), "partitions", partitions, "unknownHosts", unknownHosts));
    plan.put("waves", rollout.waveSizes(hosts.size()));
    plan.put("rollout", rollout);
    plan.put("steps", steps);
    plan.put("irreversibleSteps", irreversible);
    plan.put("digest", "sha256:" + digest(plan));
    plan.put("notConnected", offline);
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
