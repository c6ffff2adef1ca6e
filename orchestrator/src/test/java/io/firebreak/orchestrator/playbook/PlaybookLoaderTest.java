package io.firebreak.orchestrator.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        .contains("contain-host", "isolate-partition", "contain-outbreak");
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
