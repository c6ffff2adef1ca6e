package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approval-mode runs: exit 3 while waiting, list, show, approve and deny. */
class ApprovalIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static TestServer server;
  @TempDir Path home;
  Cli alice;
  Cli bob;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.shared();
  }

  @BeforeEach
  void cli() {
    alice = Cli.connected(home, server.url(), server.responderToken);
    bob = Cli.connected(home, server.url(), server.approverToken);
  }

  @Test
  void approvalRun_exits3_thenApproverApproves_andItCompletes() throws Exception {
    String id = startApprovalRun("web-0007");

    Cli.Result list = bob.run("approval", "list");
    Cli.Result show = bob.run("approval", "show", id);
    Cli.Result approve = bob.run("approval", "approve", id, "--reason", "looks right");
    Cli.Result watch = alice.run("incident", "watch", id);

    assertThat(list.out()).contains(id).contains("approve-isolate").contains("alice").contains("cli approval test");
    assertThat(show.exitCode()).as(show.toString()).isEqualTo(3);
    assertThat(show.out()).contains("state:         awaiting_approval").contains("plan digest:")
        .contains("firebreak approval approve|deny " + id);
    assertThat(approve.exitCode()).as(approve.toString()).isZero();
    assertThat(approve.out()).contains("Approving incident " + id + ": playbook approve-isolate on 1 hosts, requested by alice")
        .contains("plan digest: ").contains("Approved by bob; the incident is now running");
    assertThat(watch.exitCode()).as(watch.toString()).isZero();
    assertThat(watch.out()).contains("completed: every host succeeded");
    assertThat(server.web.host("web-0007").isolated()).isTrue();
  }

  @Test
  void watchWhileWaiting_showsWhoCanGrantIt_andDenialEndsWithExit1() throws Exception {
    String id = startApprovalRun("web-0008");
    Thread denier = new Thread(() -> {
      try {
        Thread.sleep(700);
      } catch (InterruptedException e) {
        return;
      }
      bob.run("approval", "deny", id, "--reason", "not this host");
    });
    denier.start();

    Cli.Result watch = alice.run("incident", "watch", id);
    denier.join();

    assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(1);
    assertThat(watch.out()).contains("awaiting_approval")
        .contains("waiting for approval since").contains("an approver or admin other than 'alice' can grant it")
        .contains("firebreak approval approve " + id + " --reason TEXT")
        .contains("denied by bob: not this host; nothing was done");
    assertThat(server.web.host("web-0008").executionsOfAction("isolate-host")).isZero();
  }

  @Test
  void requesterApprovingTheirOwnRequest_isRefusedWithTheServersReason() {
    String id = startApprovalRun("web-0009");

    Cli.Result asResponder = alice.run("approval", "approve", id, "--reason", "mine");
    Cli.Result asApprover = Cli.connected(home, server.url(), server.aliceApproverToken)
        .run("approval", "approve", id, "--reason", "mine");

    assertThat(asResponder.exitCode()).as(asResponder.toString()).isEqualTo(4);
    assertThat(asResponder.err()).contains("needs a token with the role approver or admin")
        .contains("('alice') has the role responder");
    assertThat(asApprover.exitCode()).as(asApprover.toString()).isEqualTo(1);
    assertThat(asApprover.err()).contains("the requester cannot approve their own request");
    assertThat(bob.run("approval", "deny", id, "--reason", "cleanup").exitCode()).isZero();
  }

  @Test
  void approveJson_isTheServersReplyWithThePlanDigest() throws Exception {
    String id = startApprovalRun("web-0010");

    Cli.Result approve = bob.run("approval", "approve", id, "--reason", "ok", "-o", "json");

    assertThat(approve.exitCode()).as(approve.toString()).isZero();
    JsonNode reply = JSON.readTree(approve.out());
    assertThat(reply.path("decision").asText()).isEqualTo("approved");
    assertThat(reply.path("decidedBy").asText()).isEqualTo("bob");
    assertThat(reply.has("planDigest")).isTrue();
  }

  @Test
  void approvingWhatDoesNotWait_exits1() {
    Cli.Result run = alice.run("playbook", "run", "isolate-web", "--host", "web-0001", "-j", "autonomous", "--watch");
    Matcher id = Pattern.compile("(inc-[0-9a-f]+)").matcher(run.out());
    assertThat(id.find()).isTrue();

    Cli.Result approve = bob.run("approval", "approve", id.group(1), "--reason", "late");

    assertThat(approve.exitCode()).as(approve.toString()).isEqualTo(1);
    assertThat(approve.err()).contains("is completed, not awaiting approval");
  }

  private String startApprovalRun(String host) {
    Cli.Result run = alice.run("playbook", "run", "approve-isolate", "--host", host, "--justification", "cli approval test");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("now awaiting_approval").contains("firebreak approval approve");
    Matcher id = Pattern.compile("Started incident (inc-[0-9a-f]+)").matcher(run.out());
    assertThat(id.find()).as(run.out()).isTrue();
    return id.group(1);
  }
}
