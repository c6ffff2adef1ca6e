package io.firebreak.orchestrator.gateway;

import io.firebreak.proto.agent.v1.AgentGatewayGrpc;
import io.firebreak.proto.agent.v1.AgentMessage;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.GatewayMessage;
import io.firebreak.proto.agent.v1.Hello;
import io.firebreak.proto.agent.v1.Outcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An agent written against the protocol for gateway tests: answers, stays silent, or hangs up. */
final class FakeAgent {
  enum Behaviour { ANSWER, SILENT, HANG_UP }

  final String hostId;
  final List<Command> received = new CopyOnWriteArrayList<>();
  final List<CommandEnvelope> envelopes = new CopyOnWriteArrayList<>();
  private final List<String> features = new ArrayList<>();
  final CountDownLatch welcomed = new CountDownLatch(1);
  volatile Status closedWith;
  private final Behaviour behaviour;
  private StreamObserver<AgentMessage> requests;

  FakeAgent(String hostId, Behaviour behaviour) {
    this.hostId = hostId;
    this.behaviour = behaviour;
  }

  /** Announces protocol features in the Hello (none by default, as the first agents). */
  FakeAgent withFeatures(String... names) {
    features.addAll(List.of(names));
    return this;
  }

  FakeAgent connect(ManagedChannel channel, String partition) throws InterruptedException {
    requests = AgentGatewayGrpc.newStub(channel).connect(new StreamObserver<>() {
      @Override
      public void onNext(GatewayMessage message) {
        if (message.hasWelcome()) {
          welcomed.countDown();
        } else if (message.hasCommand()) {
          handle(message);
        }
      }

      @Override
      public void onError(Throwable error) {
        closedWith = Status.fromThrowable(error);
        welcomed.countDown();
      }

      @Override
      public void onCompleted() {
        closedWith = Status.OK;
      }
    });
    requests.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder()
        .setHostId(hostId).setPartition(partition).putLabels("role", "web").addCapabilities("isolate-host")
        .setAgentVersion("test").addAllFeatures(features)).build());
    welcomed.await(5, TimeUnit.SECONDS);
    return this;
  }

  private void handle(GatewayMessage message) {
    Command command;
    try {
      command = Command.parseFrom(message.getCommand().getCommand());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    envelopes.add(message.getCommand());
    received.add(command);
    switch (behaviour) {
      case ANSWER -> send(CommandResult.newBuilder().setCommandId(command.getCommandId()).setHostId(hostId)
          .setOutcome(Outcome.OUTCOME_SUCCEEDED).setDetail("done").putEvidence("rules", "drop all")
          .setDuplicate(received.size() > 1).setStartedAtMs(1).setFinishedAtMs(2).build());
      case HANG_UP -> hangUp();
      case SILENT -> { }
    }
  }

  /** Ends the stream from the agent's side, as a host that goes away does. */
  void hangUp() {
    requests.onError(Status.UNAVAILABLE.withDescription("host went away").asRuntimeException());
  }

  private synchronized void send(CommandResult result) {
    requests.onNext(AgentMessage.newBuilder().setResult(result).build());
  }
}
