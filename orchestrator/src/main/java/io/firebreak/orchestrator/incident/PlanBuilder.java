package io.firebreak.orchestrator.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.gdap.GdapActivities;
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

  /** With the partner the registry knows {@code revoke-gdap} is configured for. */
  public PlanBuilder(TargetResolver registry) {
    this(registry, registry.gdapPartnerTenantId());
  }

  /**
   * @param gdapPartnerTenantId the partner tenant {@code revoke-gdap} is configured for, or null
   *     when it is not configured (the plan says so)
   */
  public PlanBuilder(TargetResolver registry, String gdapPartnerTenantId) {
    this.registry = registry;
    this.gdapPartnerTenantId = gdapPartnerTenantId;
  }

  /** The plan of a dry run on {@code targets} and the playbook's own tenant targets. */
  public Map<String, Object> plan(Playbook playbook, TargetSpec targets) {
    return plan(playbook, targets, playbook.tenants() == null ? null : playbook.tenants().bind(null));
  }

  /**
   * The plan of a dry run: targets resolved now, as an incident would resolve them, with its
   * {@code digest}, what the policy requires ({@code approval}) and the partitions it touches
   * ({@code partitions}, with {@link GdapActivities#PARTITION} when a step acts on tenants).
   *
   * @param tenants the tenant targets of the orchestrator-side steps, or null when there are none
   */
  public Map<String, Object> plan(Playbook playbook, TargetSpec targets, TenantSpec tenants) {
    ResolvedTargets resolved = playbook.hasHostSteps() ? registry.resolveTargets(targets)
        : new ResolvedTargets(List.of(), List.of());
    IncidentRequest request = playbook.toRequest("plan", targets, tenants, "plan", "plan", null);
    Map<String, Object> plan = view(request, resolved.hosts(), resolved.unknownHosts(), gdapPartnerTenantId);
    Map<String, Integer> perPartition = new TreeMap<>();
    resolved.hosts().forEach(host -> perPartition.merge(host.partition(), 1, Integer::sum));
    if (request.touchesTenants()) {
      perPartition.put(GdapActivities.PARTITION, 0);
    }
    io.firebreak.orchestrator.policy.Policy.Requirement requirement =
        registry.requirement(request.steps(), request.needsApproval(), perPartition);
    Map<String, Object> approval = new LinkedHashMap<>();
    approval.put("required", requirement.approvals());
    approval.put("reasons", requirement.reasons());
    approval.put("grantTtl", requirement.grantTtl().toString());
    approval.put("expiresAfter", requirement.requestTtl().toString());
    plan.put("approval", approval);
    plan.put("approvalRequired", requirement.approvals() > 0);
    plan.put("partitions", List.copyOf(perPartition.keySet()));
    return plan;
  }

  /** The view of an incident's request on its resolved hosts (see the other {@code view}). */
  public static Map<String, Object> view(IncidentRequest request, List<TargetHost> hosts, List<String> unknownHosts,
      String gdapPartnerTenantId) {
    return view(request.playbook(), request.mode(), request.steps(), request.rollout(), hosts, unknownHosts,
        request.touchesTenants() ? request.tenants() : null, gdapPartnerTenantId);
  }

  /**
   * The plan as a JSON-ready map with its {@code digest}: SHA-256 over the canonical JSON of what
   * will happen (playbook, hosts per partition, waves, rollout, the tenant targets of
   * orchestrator-side steps and the partner they belong to, steps with parameters, inverses and
   * irreversibility). Which hosts are connected right now is shown but not digested, so the digest
   * of a dry run equals the digest an approval names when the targets resolve the same.
   *
   * @param tenants the tenant targets of the orchestrator-side steps, or null when there are none
   * @param gdapPartnerTenantId the partner {@code revoke-gdap} is configured for, or null
   */
  public static Map<String, Object> view(String playbook, String mode, List<StepSpec> stepSpecs, RolloutSpec rollout,
      List<TargetHost> hosts, List<String> unknownHosts, TenantSpec tenants, String gdapPartnerTenantId) {
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
    plan.put("playbook", playbook);
    plan.put("mode", mode);
    plan.put("targets", Map.of("total", hosts.size(), "partitions", partitions, "unknownHosts", unknownHosts));
    if (tenants != null) {
      plan.put("tenants", tenantView(tenants, gdapPartnerTenantId));
    }
    plan.put("waves", rollout.waveSizes(hosts.size()));
    plan.put("rollout", rollout);
    plan.put("steps", steps);
    plan.put("irreversibleSteps", irreversible);
    plan.put("digest", "sha256:" + digest(plan));
    plan.put("notConnected", offline);
    return plan;
  }

  /** Which tenants, for which partner, as a sentence too: "all customers of the partner …". */
  private static Map<String, Object> tenantView(TenantSpec tenants, String gdapPartnerTenantId) {
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
