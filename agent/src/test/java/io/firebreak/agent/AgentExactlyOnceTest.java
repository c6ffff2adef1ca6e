package io.firebreak.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.journal.JournalSync;
import io.firebreak.agent.simulate.SimulatedHostState;
import io.firebreak.agent.testing.Commands;
import io.firebreak.agent.testing.PartitionKey;
import io.firebreak.agent.trust.TrustStore;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentExactlyOnceTest {
  @TempDir Path dir;
  private PartitionKey p1;

  @BeforeEach
  void generateKey() throws Exception {
    p1 = PartitionKey.generate("p1", dir);
  }

  private Agent agent(SimulatedHostState state, Duration latency) throws Exception {
    return Agent.builder()
        .hostId("web-3")
        .partition("p1")
        .trust(TrustStore.of(List.of(p1.trusted())))
        .simulated(state, latency)
        .stateDirectory(dir.resolve("state"))
        .journalSync(JournalSync.ALWAYS)
        .build();
  }

  private static Command isolate() {
    return Commands.command("web-3", "p1", "isolate-host", System.currentTimeMillis()).build();
  }

  @Test
  void handle_answersARetryFromTheJournal() throws Exception {
    SimulatedHostState state = new SimulatedHostState("web-3");
    try (Agent agent = agent(state, Duration.ZERO)) {
      Command command = isolate();
      CommandResult first = agent.handle(p1.sign(command));
      CommandResult second = agent.handle(p1.sign(Commands.retry(command)));

      assertThat(first.getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
      assertThat(first.getDuplicate()).isFalse();
      assertThat(second.getDuplicate()).isTrue();
      assertThat(second.toBuilder().setDuplicate(false).build()).isEqualTo(first);
      assertThat(state.executions(command.getCommandId())).isEqualTo(1);
    }
  }

  @Test
  void handle_answersFromTheJournalAfterARestart() throws Exception {
    Command command = isolate();
    CommandResult first;
    try (Agent agent = agent(new SimulatedHostState("web-3"), Duration.ZERO)) {
      first = agent.handle(p1.sign(command));
    }
    SimulatedHostState restarted = new SimulatedHostState("web-3");
    try (Agent agent = agent(restarted, Duration.ZERO)) {
      CommandResult again = agent.handle(p1.sign(Commands.retry(command)));

      assertThat(again.getDuplicate()).isTrue();
      assertThat(again.getEvidenceMap()).isEqualTo(first.getEvidenceMap());
      assertThat(again.getStartedAtMs()).isEqualTo(first.getStartedAtMs());
      assertThat(restarted.executions(command.getCommandId())).isZero();
    }
  }

  @Test
  void handle_restoresTheEpochFenceAfterARestart() throws Exception {
    try (Agent agent = agent(new SimulatedHostState("web-3"), Duration.ZERO)) {
      agent.handle(p1.sign(isolate().toBuilder().setEpoch(5).build()));
    }
    SimulatedHostState restarted = new SimulatedHostState("web-3");
    try (Agent agent = agent(restarted, Duration.ZERO)) {
      CommandResult late = agent.handle(p1.sign(isolate().toBuilder().setEpoch(4).build()));

      assertThat(late.getOutcome()).isEqualTo(Outcome.OUTCOME_REJECTED);
      assertThat(late.getDetail()).startsWith("rejected: superseded by epoch 5");
      assertThat(restarted.totalExecutions()).isZero();
    }
  }

  @Test
  void handle_executesOnceWhenTheSameIdArrivesConcurrently() throws Exception {
    SimulatedHostState state = new SimulatedHostState("web-3");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (Agent agent = agent(state, Duration.ofMillis(200))) {
      Command command = isolate();
      CountDownLatch go = new CountDownLatch(1);
      Future<CommandResult> one =
          threads.submit(
              () -> {
                go.await();
                return agent.handle(p1.sign(Commands.retry(command)));
              });
      Future<CommandResult> two =
          threads.submit(
              () -> {
                go.await();
                return agent.handle(p1.sign(Commands.retry(command)));
              });
      go.countDown();
      List<CommandResult> results =
          List.of(one.get(10, TimeUnit.SECONDS), two.get(10, TimeUnit.SECONDS));

      assertThat(state.executions(command.getCommandId())).isEqualTo(1);
      assertThat(results)
          .extracting(CommandResult::getOutcome)
          .containsOnly(Outcome.OUTCOME_SUCCEEDED);
      assertThat(results)
          .extracting(CommandResult::getDuplicate)
          .containsExactlyInAnyOrder(true, false);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void handle_rejectsACommandIdReusedWithDifferentContent() throws Exception {
    SimulatedHostState state = new SimulatedHostState("web-3");
    try (Agent agent = agent(state, Duration.ZERO)) {
      Command command = isolate();
      agent.handle(p1.sign(command));
      Command changed = Commands.retry(command).toBuilder().setAction("release-host").build();
      CommandResult result = agent.handle(p1.sign(changed));

      assertThat(result.getOutcome()).isEqualTo(Outcome.OUTCOME_REJECTED);
      assertThat(result.getDetail())
          .isEqualTo("rejected: command id reused with different content");
      assertThat(state.isolated()).isTrue();
      assertThat(state.executionsOfAction("release-host")).isZero();
    }
  }

  @Test
  void handle_toleratesATruncatedJournalTail() throws Exception {
    Command command = isolate();
    try (Agent agent = agent(new SimulatedHostState("web-3"), Duration.ZERO)) {
      agent.handle(p1.sign(command));
    }
    Path journal = dir.resolve("state").resolve("journal.bin");
    byte[] whole = Files.readAllBytes(journal);
    // A crash in the middle of the next record: its length prefix and a few of its bytes.
    Files.write(journal, new byte[] {(byte) 120, 10, 3, 'a'}, StandardOpenOption.APPEND);

    SimulatedHostState restarted = new SimulatedHostState("web-3");
    Command next = isolate();
    try (Agent agent = agent(restarted, Duration.ZERO)) {
      assertThat(agent.handle(p1.sign(Commands.retry(command))).getDuplicate()).isTrue();
      assertThat(agent.handle(p1.sign(next)).getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    }
    assertThat(Files.size(journal)).isGreaterThan(whole.length);
    try (Agent agent = agent(new SimulatedHostState("web-3"), Duration.ZERO)) {
      assertThat(agent.handle(p1.sign(Commands.retry(next))).getDuplicate()).isTrue();
    }
    assertThat(restarted.executions(command.getCommandId())).isZero();
  }

  @Test
  void handle_journalsAFailedActionToo() throws Exception {
    SimulatedHostState state = new SimulatedHostState("web-3");
    try (Agent agent = agent(state, Duration.ZERO)) {
      Command noAccount =
          Commands.command("web-3", "p1", "disable-account", System.currentTimeMillis()).build();
      CommandResult first = agent.handle(p1.sign(noAccount));
      CommandResult retry = agent.handle(p1.sign(Commands.retry(noAccount)));

      assertThat(first.getOutcome()).isEqualTo(Outcome.OUTCOME_FAILED);
      assertThat(first.getDetail()).isEqualTo("missing parameter 'account'");
      assertThat(retry.getDuplicate()).isTrue();
      assertThat(retry.getOutcome()).isEqualTo(Outcome.OUTCOME_FAILED);
      assertThat(state.executions(noAccount.getCommandId())).isEqualTo(1);
    }
  }
}
