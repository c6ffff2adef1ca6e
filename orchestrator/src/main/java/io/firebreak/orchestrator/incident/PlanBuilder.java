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
 * the Microsoft tenants of orchestrator-side steps, steps with where they run, their inverses and
 * irreversible steps, whether approval is needed, and a digest of all of it (SHA-256 over the
 * canonical JSON), which approvals bind to. Thread-safe.
 */
public final class PlanBuilder {
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final TargetResolver registry;
  private final String gdapPartnerTenantId;

  public PlanBuilder(TargetResolver registry) {
    this(registry, null);
  }

  /**
   * @param gdapPartnerTenantId the partner tenant {@code revoke-gdap} is configured for, or null
   *     when it is not configured (the plan says so)
   */
  public PlanBuilder(TargetResolver registry, String gdapPartnerTenantId) {
    this.registry = registry;
    this.gdapPartnerTenantId = gdapPartnerTenantId;
  }

  /** The plan on {@code targets} and the playbook's own tenant targets, with its {@code digest}. */
  public Map<String, Object> plan(Playbook playbook, TargetSpec targets) {
    return plan(playbook, targets, playbook.tenants() == null ? null : playbook.tenants().bind(null));
  }

  /**
   * The plan as a JSON-ready map, with its {@code digest}.
   *
   * @param tenants the tenant targets of the orchestrator-side steps, or null when there are none
   */
  public Map<String, Object> plan(Playbook playbook, TargetSpec targets, TenantSpec tenants) {
    ResolvedTargets resolved = playbook.hasHostSteps() ? registry.resolveTargets(targets)
        : new ResolvedTargets(List.of(), List.of());
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
    for (StepSpec step : playbook.toRequest("plan", targets, tenants, "plan", "plan", null).steps()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("name", step.name());
      view.put("action", step.action());
      view.put("runsIn", step.inOrchestrator() ? "orchestrator" : "agents");
      view.put("parameters", new TreeMap<>(step.parameters()));
      if (!step.inOrchestrator()) {
        view.put("batchSize", step.batchSize());
        view.put("hostTimeoutMs", step.hostTimeoutMs());
      }
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
    if (tenants != null) {
      plan.put("tenants", tenantView(tenants));
    }
    plan.put("waves", playbook.rollout().waveSizes(resolved.hosts().size()));
    plan.put("rollout", playbook.rollout());
    plan.put("steps", steps);
    plan.put("irreversibleSteps", irreversible);
    plan.put("digest", "sha256:" + digest(plan));
    return plan;
  }

  /** Which tenants, for which partner, as a sentence too: "all customers of the partner …". */
  private Map<String, Object> tenantView(TenantSpec tenants) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("allCustomers", tenants.allCustomers());
    view.put("customers", tenants.customerTenantIds());
    view.put("partnerTenantId", tenants.partnerTenantId() != null ? tenants.partnerTenantId() : gdapPartnerTenantId);
    view.put("gdapConfigured", gdapPartnerTenantId != null);
    view.put("description", tenants.selectsNothing() ? "no tenant" : tenants.describe(gdapPartnerTenantId));
    return view;
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
