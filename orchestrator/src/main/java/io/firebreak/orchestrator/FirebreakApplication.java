package io.firebreak.orchestrator;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.firebreak.orchestrator.alert.AlertDao;
import io.firebreak.orchestrator.alert.AlertResource;
import io.firebreak.orchestrator.api.ApiExceptionMapper;
import io.firebreak.orchestrator.access.ApprovalDao;
import io.firebreak.orchestrator.access.GrantDao;
import io.firebreak.orchestrator.audit.AccessAudit;
import io.firebreak.orchestrator.audit.AuditLog;
import io.firebreak.orchestrator.gateway.GroupCommitRecorder;
import io.firebreak.orchestrator.audit.AuditModule;
import io.firebreak.orchestrator.auth.AccessResource;
import io.firebreak.orchestrator.auth.AdminTokenBootstrap;
import io.firebreak.orchestrator.auth.FirebreakAuthFilter;
import io.firebreak.orchestrator.auth.PasswordHasher;
import io.firebreak.orchestrator.auth.SessionDao;
import io.firebreak.orchestrator.auth.UserDao;
import io.firebreak.orchestrator.gateway.GrantGuard;
import io.firebreak.orchestrator.incident.ApprovalResource;
import io.firebreak.orchestrator.incident.GrantResource;
import io.firebreak.orchestrator.policy.Policy;
import io.firebreak.orchestrator.policy.PolicyLoader;
import org.slf4j.LoggerFactory;
import io.firebreak.orchestrator.auth.ApiTokenDao;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.auth.ForbiddenExceptionMapper;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.auth.TokenAuthenticator;
import io.firebreak.orchestrator.config.ClasspathOrFileSourceProvider;
import io.firebreak.orchestrator.config.FirebreakServerCommand;
import io.firebreak.orchestrator.demo.DemoCommand;
import io.firebreak.orchestrator.gateway.GatewayModule;
import io.firebreak.orchestrator.gdap.GdapActivities;
import io.firebreak.orchestrator.gdap.GdapConfiguration;
import io.firebreak.orchestrator.gdap.GdapModule;
import io.firebreak.orchestrator.gdap.GdapNotConfigured;
import io.firebreak.orchestrator.gdap.GrantCheckedGdapActivities;
import io.firebreak.orchestrator.incident.AuditedResults;
import io.firebreak.orchestrator.incident.HostResultDao;
import io.firebreak.orchestrator.incident.IncidentActivitiesImpl;
import io.firebreak.orchestrator.incident.IncidentRollbackWorkflowImpl;
import io.firebreak.orchestrator.incident.PartitionWorkflowImpl;
import io.firebreak.orchestrator.incident.IncidentDao;
import io.firebreak.orchestrator.incident.IncidentResource;
import io.firebreak.orchestrator.incident.IncidentService;
import io.firebreak.orchestrator.incident.IncidentWorkflowImpl;
import io.firebreak.orchestrator.incident.PlanBuilder;
import io.firebreak.orchestrator.incident.TenantResultDao;
import io.firebreak.orchestrator.gateway.TaskQueues;
import io.firebreak.orchestrator.playbook.PlaybookCatalog;
import io.firebreak.orchestrator.playbook.PlaybookLoader;
import io.firebreak.orchestrator.playbook.PlaybookResource;
import io.firebreak.orchestrator.registry.AgentDao;
import io.firebreak.orchestrator.registry.AgentResource;
import io.firebreak.orchestrator.storage.Database;
import io.firebreak.orchestrator.temporal.EmbeddedTemporal;
import io.firebreak.orchestrator.temporal.TemporalCommand;
import io.firebreak.orchestrator.temporal.TemporalHealthCheck;
import io.firebreak.orchestrator.temporal.StickyExecution;
import io.firebreak.orchestrator.temporal.WorkerManager;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Firebreak orchestrator: REST API, Temporal workers, the agent gateway and storage in one
 * Dropwizard process. {@code server [config.yml]} runs it (with no file: the bundled embedded
 * defaults); {@code demo} runs the end-to-end demonstration.
 */
public class FirebreakApplication extends Application<FirebreakConfiguration> {
  public static final String DEFAULT_CONFIG = ClasspathOrFileSourceProvider.PREFIX + "firebreak.yml";
  private static final Logger LOG = LoggerFactory.getLogger(FirebreakApplication.class);

  private GatewayModule gateway;
  private WorkflowClient workflowClient;
  private AuditLog auditLog;
  private volatile int httpPort;
  private volatile int adminPort;

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("server")) {
      args = new String[] {"server", DEFAULT_CONFIG};
    }
    new FirebreakApplication().run(args);
  }

  @Override
  public String getName() {
    return "firebreak";
  }

  @Override
  protected void addDefaultCommands(Bootstrap<FirebreakConfiguration> bootstrap) {
    bootstrap.addCommand(new FirebreakServerCommand(this));
    bootstrap.addCommand(new io.dropwizard.core.cli.CheckCommand<>(this));
  }

  @Override
  public void initialize(Bootstrap<FirebreakConfiguration> bootstrap) {
    // The API's points in time are ISO-8601 text in UTC everywhere, as the views that format
    // their own already write them, not epoch seconds where a record is written as it is.
    bootstrap.getObjectMapper().disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        new ClasspathOrFileSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new DemoCommand());
    bootstrap.addCommand(new TemporalCommand());
    bootstrap.addCommand(new io.firebreak.orchestrator.demo.ClassDataTrainingCommand());
  }

  @Override
  public void run(FirebreakConfiguration config, Environment environment) throws Exception {
    Clock clock = Clock.systemUTC();
    Path dataDir = Files.createDirectories(config.dataDir());
    // Playbooks first: an invalid playbook stops the start before anything is bound or written.
    PlaybookCatalog playbooks = new PlaybookCatalog(PlaybookLoader.loadDirectory(config.playbookDir()));
    Policy policy = loadPolicy(config.policyFile());

    String jdbcUrl = config.getDatabase().jdbcUrl(dataDir);
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      Database.configureEmbedded();
    }
    Database.migrate(jdbcUrl, config.getDatabase().getUser(), config.getDatabase().getPassword());
    Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase().dataSource(dataDir), "database");
    AgentDao agents = new AgentDao(jdbi);
    IncidentDao incidents = new IncidentDao(jdbi);
    HostResultDao results = new HostResultDao(jdbi);
    AlertDao alerts = new AlertDao(jdbi);
    ApiTokenDao tokens = new ApiTokenDao(jdbi);
    UserDao users = new UserDao(jdbi);
    SessionDao sessions = new SessionDao(jdbi);
    ApprovalDao approvalDao = new ApprovalDao(jdbi);
    GrantDao grants = new GrantDao(jdbi);
    AdminTokenBootstrap.ensureAdminToken(tokens, dataDir, System.getenv("FIREBREAK_ADMIN_TOKEN"));
    // The audit trail: the log, its signed checkpoints, GET /api/v1/audit.
    auditLog = AuditModule.install(config.getAudit(), environment, jdbi, dataDir, clock).log();
    AccessAudit audit = new AccessAudit(auditLog);
    audit.policyLoaded(policy);

    if (config.getTemporal().isEmbedded()) {
      environment.lifecycle().manage(EmbeddedTemporal.start(config.getTemporal().getEmbeddedPort()));
    }
    String frontend = config.getTemporal().frontendAddress();
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(frontend).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace(config.getTemporal().getNamespace()).build());
    environment.healthChecks().register("temporal", new TemporalHealthCheck(stubs, frontend));
    workflowClient = client;

    boolean sticky = StickyExecution.decide(config.getTemporal().getStickyExecution(), config.getTemporal().isEmbedded(),
        () -> StickyExecution.serverVersion(stubs, frontend));
    LoggerFactory.getLogger(FirebreakApplication.class).info("Temporal at {}: sticky execution {}", frontend,
        sticky ? "on (workflows stay cached between tasks)"
            : "off (every workflow task replays its history; the embedded engine on its own needs this)");
    WorkerManager workers = new WorkerManager(client, sticky);
    Worker incidentWorker = workers.factory().newWorker(TaskQueues.INCIDENTS, workers.workerOptions().build());
    incidentWorker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class, PartitionWorkflowImpl.class,
        IncidentRollbackWorkflowImpl.class);
    IncidentActivitiesImpl incidentActivities =
        new IncidentActivitiesImpl(jdbi, agents, incidents, results, () -> policy, clock, auditLog::append,
            config.getGdap() == null ? null : config.getGdap().getTenantId());
    incidentWorker.registerActivitiesImplementations(incidentActivities);
    GrantGuard guard = (grantRef, partition, action, rollback) -> {
      if (grantRef == null || grantRef.isEmpty()) {
        return "the command carries no grant";
      }
      GrantDao.Grant grant = grants.find(grantRef).orElse(null);
      return grant == null ? "unknown grant " + grantRef : grant.refusal(partition, action, clock.instant(), rollback);
    };
    // Every command's result (with when it was sent) goes to the results table and the audit trail,
    // the batches of concurrent dispatch activities in one commit. Stopped after the workers (the
    // lifecycle stops in reverse order), so the last activities' results are still written.
    GroupCommitRecorder audited = new GroupCommitRecorder(new AuditedResults(results, auditLog));
    environment.lifecycle().manage(audited);
    gateway = GatewayModule.install(config, environment, workers, agents, audited, dataDir, guard);
    // revoke-gdap runs in the orchestrator: the same grant check as the gateway's, before any Graph call.
    Map<String, String> actionWarnings = registerGdap(config.getGdap(), incidentWorker, playbooks, guard);
    environment.lifecycle().manage(workers);

    environment.lifecycle().addServerLifecycleListener(server -> {
      httpPort = serverPort(server, false);
      adminPort = serverPort(server, true);
    });
    IncidentService incidentService = new IncidentService(client, incidents, grants, clock);
    registerAuth(environment, new FirebreakAuthFilter(new TokenAuthenticator(tokens, users, clock), sessions, users,
        clock, audit));
    environment.jersey().register(new ApiExceptionMapper());
    environment.jersey().register(new AccessResource(users, sessions, tokens, new PasswordHasher(), clock, audit));
    ApprovalResource approvalResource = new ApprovalResource(approvalDao, incidents, incidentService, audit);
    environment.jersey().register(approvalResource);
    environment.jersey().register(new GrantResource(grants, incidents, incidentService, clock, audit));
    environment.jersey().register(new AlertResource(environment.getObjectMapper(), alerts, playbooks, incidentService, clock,
        auditLog));
    environment.jersey().register(new PlaybookResource(playbooks, incidentService, new PlanBuilder(incidentActivities),
        actionWarnings));
    environment.jersey().register(new IncidentResource(incidents, results, new TenantResultDao(jdbi), alerts,
        incidentService, approvalResource, audit));
    environment.jersey().register(new AgentResource(agents));
    io.firebreak.orchestrator.web.WebUi.install(environment);
  }

  /**
   * Registers {@code revoke-gdap} on the incidents worker: the Graph client when configured, else
   * an implementation that fails the step saying what to configure, so the server still starts.
   *
   * @return action → warning for the playbook listing (empty when configured)
   */
  private static Map<String, String> registerGdap(GdapConfiguration gdap, Worker incidentWorker,
      PlaybookCatalog playbooks, GrantGuard grants) {
    if (gdap != null) {
      incidentWorker.registerActivitiesImplementations(
          new GrantCheckedGdapActivities(GdapModule.create(gdap).activities(), grants));
      // Never the configuration itself in logs: toString redacts the secret, but ids are enough.
      LOG.info("revoke-gdap: partner tenant {}, app {}, Graph {}", gdap.getTenantId(), gdap.getClientId(),
          gdap.getGraphBaseUrl());
      return Map.of();
    }
    GdapActivities notConfigured = new GrantCheckedGdapActivities(new GdapNotConfigured(), grants);
    incidentWorker.registerActivitiesImplementations(notConfigured);
    List<String> using = playbooks.all().stream()
        .filter(playbook -> playbook.steps().stream().anyMatch(step -> step.action().equals("revoke-gdap")))
        .map(io.firebreak.orchestrator.playbook.Playbook::name)
        .toList();
    if (!using.isEmpty()) {
      LOG.warn("Playbooks {} use revoke-gdap: {}", using, GdapNotConfigured.MESSAGE);
    }
    return Map.of("revoke-gdap", GdapNotConfigured.MESSAGE);
  }

  private static int serverPort(org.eclipse.jetty.server.Server server, boolean admin) {
    io.dropwizard.lifecycle.ServerLifecycleListener ports = started -> { };
    return admin ? ports.getAdminPort(server) : ports.getLocalPort(server);
  }

  /** The REST API's bound port, once the server started (0 before). */
  public int httpPort() {
    return httpPort;
  }

  /** The admin port's bound port, once the server started (0 before). */
  public int adminPort() {
    return adminPort;
  }

  /** This process's gateway (after {@code run}); the benchmark sends raw commands through it. */
  public GatewayModule gateway() {
    return gateway;
  }

  /** This process's Temporal client (after {@code run}); the benchmark reads workflow histories with it. */
  public WorkflowClient workflowClient() {
    return workflowClient;
  }

  /** This process's audit trail (after {@code run}): record events with {@link AuditLog#append}. */
  public AuditLog auditLog() {
    return auditLog;
  }

  private static void registerAuth(Environment environment, FirebreakAuthFilter filter) {
    environment.jersey().register(new AuthDynamicFeature(filter));
    environment.jersey().register(RolesAllowedDynamicFeature.class);
    environment.jersey().register(new ForbiddenExceptionMapper());
    environment.jersey().register(new AuthValueFactoryProvider.Binder<>(FirebreakPrincipal.class));
  }

  /** The access policy; without a policy file every action needs one approver (fail safe). */
  private static Policy loadPolicy(Path file) throws io.firebreak.orchestrator.playbook.PlaybookException {
    if (!Files.exists(file)) {
      LoggerFactory.getLogger(FirebreakApplication.class).warn(
          "no policy file at {}: every action needs one approver (set policy: in the configuration)", file);
      return Policy.STRICT;
    }
    return PolicyLoader.load(file);
  }

}
