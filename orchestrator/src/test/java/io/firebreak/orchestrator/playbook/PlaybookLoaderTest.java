package io.firebreak.orchestrator.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.incident.AlertRef;
import io.firebreak.orchestrator.incident.IncidentRequest;
import io.firebreak.orchestrator.incident.TenantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {
  static final Path SHIPPED = Path.of("..", "playbooks");

  static final String VALID = """
      version: 1
      name: test-book
      description: A test.
      mode: autonomous
      triggers:
        - type: malware-detected
          minSeverity: high
      targets:
        alertHost: true
      steps:
        - name: isolate
          action: isolate-host
          batchSize: 10
          hostTimeout: 5s
      """;

  @Test
  void loadDirectory_everyShippedPlaybookValidates() throws Exception {
    List<Playbook> playbooks = PlaybookLoader.loadDirectory(SHIPPED);

    assertThat(playbooks).extracting(Playbook::name)
        .contains("contain-host", "isolate-partition", "contain-outbreak", "revoke-partner-access");
    assertThat(playbooks).filteredOn(p -> p.name().equals("revoke-partner-access")).singleElement()
        .satisfies(revoke -> {
          assertThat(revoke.mode()).isEqualTo("approval");
          assertThat(revoke.tenants()).isEqualTo(new PlaybookTenants(true, "all", List.of(), false));
          assertThat(revoke.steps()).singleElement().satisfies(step -> assertThat(step.inOrchestrator()).isTrue());
          assertThat(revoke.triggers()).singleElement().satisfies(trigger -> {
            assertThat(trigger.type()).isEqualTo("partner-compromise");
            assertThat(trigger.minSeverity()).isEqualTo("high");
          });
        });
    assertThat(playbooks).filteredOn(p -> p.name().equals("isolate-partition"))
        .singleElement().extracting(Playbook::mode).isEqualTo("approval");
  }

  @Test
  void publishedSchema_isIdenticalToTheOneTheLoaderUses() throws Exception {
    assertThat(Files.readString(SHIPPED.resolve("playbook.schema.json")))
        .isEqualTo(Files.readString(Path.of("src/main/resources/playbook/playbook.schema.json")));
  }

  @Test
  void parse_buildsTheRecords() throws Exception {
    Playbook playbook = PlaybookLoader.parse("t.yaml", VALID);

    assertThat(playbook.steps()).singleElement().satisfies(step -> {
      assertThat(step.batchSize()).isEqualTo(10);
      assertThat(step.hostTimeout()).hasSeconds(5);
    });
    assertThat(playbook.targets().alertHost()).isTrue();
    assertThat(playbook.triggers().get(0).minSeverity()).isEqualTo("high");
  }

  @Test
  void unknownAction_namesFileLineAndField() {
    assertError(VALID.replace("action: isolate-host", "action: isolate-hots"),
        "t.yaml:12:", "steps[0].action", "unknown action 'isolate-hots'");
  }

  @Test
  void badSelector_namesTheSelectorLine() {
    assertError(VALID.replace("alertHost: true", "selector: \"role=web,,env in (a\""),
        "t.yaml:9:", "targets.selector", "bad selector");
  }

  @Test
  void missingField_namesTheParentLineAndTheMissingField() {
    assertError(VALID.replace("description: A test.\n", ""), "t.yaml:1:", "description", "is required");
  }

  @Test
  void wrongType_namesTheField() {
    assertError(VALID.replace("batchSize: 10", "batchSize: ten"), "t.yaml:13:", "steps[0].batchSize", "integer");
  }

  @Test
  void duplicateStepName_namesTheDuplicate() {
    String twice = VALID + "  - name: isolate\n    action: release-host\n";
    assertError(twice, "t.yaml:15:", "steps[1].name", "duplicate step name 'isolate'");
  }

  @Test
  void unknownKey_namesTheKeyLine() {
    assertError(VALID.replace("batchSize: 10", "batchsize: 10"), "t.yaml:13:", "steps[0].batchsize", "unknown field");
  }

  @Test
  void yamlSyntaxError_namesTheLine() {
    assertError(VALID.replace("mode: autonomous", "mode: [autonomous"), "t.yaml:", "$", "YAML syntax error");
  }

  @Test
  void badDurationAndBatchSize_areReportedTogether() {
    String bad = VALID.replace("hostTimeout: 5s", "hostTimeout: 5 seconds").replace("batchSize: 10", "batchSize: 5000");
    assertThatThrownBy(() -> PlaybookLoader.parse("t.yaml", bad))
        .isInstanceOfSatisfying(PlaybookException.class, e -> assertThat(e.errors())
            .extracting(PlaybookError::field)
            .containsExactly("steps[0].batchSize", "steps[0].hostTimeout"));
  }

  @Test
  void hostTimeoutOverAnHour_isRefused() {
    assertError(VALID.replace("hostTimeout: 5s", "hostTimeout: 2h"), "t.yaml:14:", "steps[0].hostTimeout", "at most 1h");
  }

  @Test
  void rollout_isParsedIntoWavesAndBudgets() throws Exception {
    String withRollout = VALID + String.join("\n",
        "rollout:",
        "  canary: 1",
        "  waves: [5, \"20%\", \"100%\"]",
        "  maxConcurrency: 500",
        "  pause: 30s",
        "  errorBudget: {perWave: 0, overall: \"5%\"}",
        "");

    Playbook playbook = PlaybookLoader.parse("t.yaml", withRollout);

    assertThat(playbook.rollout().waveSizes(100)).containsExactly(1, 4, 15, 80);
    assertThat(playbook.rollout().pauseMs()).isEqualTo(30_000);
    assertThat(playbook.rollout().perWave()).isEqualTo("0");
    assertThat(playbook.rollout().overall()).isEqualTo("5%");
    assertThat(playbook.toRequest("k", playbook.targets().bind(null), "me", "why", null).rollout())
        .isEqualTo(playbook.rollout());
  }

  @Test
  void rollout_badAmountsAreErrorsNamingTheField() {
    String bad = VALID + "rollout:\n  canary: \"150%\"\n  waves: [\"lots\"]\n";
    assertThatThrownBy(() -> PlaybookLoader.parse("t.yaml", bad))
        .isInstanceOfSatisfying(PlaybookException.class, e -> assertThat(e.errors())
            .extracting(PlaybookError::field)
            .contains("rollout.canary", "rollout.waves[0]"));
  }

  @Test
  void loadDirectory_reportsErrorsOfAllFilesAndDuplicateNames(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), VALID);
    Files.writeString(dir.resolve("b.yaml"), VALID);
    Files.writeString(dir.resolve("c.yml"), VALID.replace("name: test-book", "name: other").replace("mode: autonomous", "mode: yolo"));

    assertThatThrownBy(() -> PlaybookLoader.loadDirectory(dir))
        .isInstanceOfSatisfying(PlaybookException.class, e -> assertThat(e.getMessage())
            .contains("b.yaml:1:1: name: playbook name 'test-book' is already used by a.yaml")
            .contains("c.yml:4:")
            .contains("mode"));
  }

  static final String PARTNER = "11111111-1111-1111-1111-111111111111";
  static final String C1 = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String C2 = "aaaaaaaa-0000-0000-0000-000000000002";

  static final String REVOKE = """
      version: 1
      name: revoke
      description: Revoke a partner's GDAP access.
      mode: approval
      tenants:
        fromAlert: true
        whenAlertNamesNone: all
      steps:
        - name: revoke
          action: revoke-gdap
      """;

  static AlertRef partnerAlert(String... customers) {
    return new AlertRef("a1", "partner-compromise", "high", "xdr", null, null, 0, PARTNER, List.of(customers));
  }

  @Test
  void tenantPlaybook_bindsTheAlertsCustomersOrEveryCustomerWhenItNamesNone() throws Exception {
    Playbook playbook = PlaybookLoader.parse("t.yaml", REVOKE);

    assertThat(playbook.hasHostSteps()).isFalse();
    assertThat(playbook.steps().get(0).toSpec()).satisfies(spec -> {
      assertThat(spec.inOrchestrator()).isTrue();
      assertThat(spec.irreversible()).isTrue();
      assertThat(spec.inverse()).isNull();
    });
    assertThat(playbook.tenants().bind(partnerAlert(C1, C2))).isEqualTo(TenantSpec.customers(List.of(C1, C2), PARTNER));
    assertThat(playbook.tenants().bind(partnerAlert())).isEqualTo(TenantSpec.all(PARTNER));
    assertThat(playbook.tenants().bind(null).selectsNothing()).as("a responder's run names its own").isTrue();
    IncidentRequest request = playbook.toRequest("k", playbook.targets().bind(null), "alert:a1", "why", partnerAlert(C2));
    assertThat(request.tenants().customerTenantIds()).containsExactly(C2);
    assertThat(request.hasHostSteps()).isFalse();
    assertThat(request.hasTenantWork()).isTrue();
  }

  @Test
  void fixedCustomers_areCanonicalAndAddedToTheAlerts_withoutTheFallbackAnAlertNamingNoneSelectsNothing()
      throws Exception {
    Playbook playbook = PlaybookLoader.parse("t.yaml", REVOKE.replace("  whenAlertNamesNone: all\n",
        "  customers: [AAAAAAAA-0000-0000-0000-000000000001]\n"));

    assertThat(playbook.tenants().customers()).containsExactly(C1);
    assertThat(playbook.tenants().bind(partnerAlert(C2, C1)).customerTenantIds()).containsExactly(C1, C2);
    assertThat(playbook.tenants().bind(partnerAlert())).isEqualTo(TenantSpec.customers(List.of(C1), PARTNER));
    Playbook alertOnly = PlaybookLoader.parse("t.yaml", REVOKE.replace("  whenAlertNamesNone: all\n", ""));
    assertThat(alertOnly.tenants().bind(partnerAlert()).selectsNothing()).isTrue();
  }

  @Test
  void mixedPlaybook_withHostsAndTenants_loads() throws Exception {
    Playbook playbook = PlaybookLoader.parse("t.yaml", VALID + "  - name: revoke\n    action: revoke-gdap\n"
        + "tenants:\n  all: true\n");

    assertThat(playbook.steps()).extracting(PlaybookStep::inOrchestrator).containsExactly(false, true);
    assertThat(playbook.tenants().bind(null)).isEqualTo(TenantSpec.all(null));
  }

  @Test
  void orchestratorStepWithoutTenants_namesTheStepsActionLine() {
    assertError(REVOKE.replace("tenants:\n  fromAlert: true\n  whenAlertNamesNone: all\n", ""), "t.yaml:7:",
        "steps[0].action", "'revoke-gdap' runs once in the orchestrator on Microsoft tenants, but the playbook has no"
            + " tenants");
  }

  @Test
  void hostStepWithoutTargets_namesTheStepsActionLine() {
    assertError(REVOKE.replace("    action: revoke-gdap\n", "    action: revoke-gdap\n  - name: isolate\n"
        + "    action: isolate-host\n"), "t.yaml:12:", "steps[1].action",
        "'isolate-host' runs on hosts, but the playbook has no targets");
  }

  @Test
  void hostTargetsWithOnlyOrchestratorSteps_areRefused() {
    assertError(REVOKE.replace("tenants:", "targets:\n  alertHost: true\ntenants:"), "t.yaml:6:", "targets",
        "no step runs on hosts");
  }

  @Test
  void tenantsWithOnlyHostSteps_areRefused() {
    assertError(VALID + "tenants:\n  all: true\n", "t.yaml:16:", "tenants", "no step acts on tenants");
  }

  @Test
  void tenantMistakes_areErrorsNamingFileLineAndField() {
    assertError(REVOKE.replace("  fromAlert: true\n  whenAlertNamesNone: all\n", "  fromAlert: false\n"),
        "t.yaml:6:", "tenants", "selects no tenant");
    assertError(REVOKE.replace("  whenAlertNamesNone: all\n", "  all: true\n"), "t.yaml:7:", "tenants.all",
        "give all alone");
    assertError(REVOKE.replace("  fromAlert: true\n", "  customers: [" + C1 + "]\n"), "t.yaml:7:",
        "tenants.whenAlertNamesNone", "only with fromAlert");
    assertError(REVOKE.replace("  whenAlertNamesNone: all\n", "  customers: [contoso]\n"), "t.yaml:7:",
        "tenants.customers[0]", "pattern");
    assertError(REVOKE.replace("whenAlertNamesNone: all", "whenAlertNamesNone: some"), "t.yaml:7:",
        "tenants.whenAlertNamesNone", "");
  }

  @Test
  void hostOnlySettingsOnAnOrchestratorStep_areRefused() {
    assertError(REVOKE + "    batchSize: 10\n", "t.yaml:11:", "steps[0].batchSize",
        "'revoke-gdap' runs once in the orchestrator, not on hosts: remove batchSize");
    assertError(REVOKE + "rollout:\n  canary: 1\n", "t.yaml:12:", "rollout", "no step runs on hosts");
  }

  static void assertError(String yaml, String location, String field, String message) {
    assertThatThrownBy(() -> PlaybookLoader.parse("t.yaml", yaml))
        .isInstanceOfSatisfying(PlaybookException.class, e -> assertThat(e.errors())
            .as(e.getMessage())
            .anySatisfy(error -> {
              assertThat(error.toString()).startsWith(location);
              assertThat(error.field()).isEqualTo(field);
              assertThat(error.message()).contains(message);
            }));
  }
}
