package io.firebreak.agent;

import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionRegistry;
import io.firebreak.agent.command.CommandProcessor;
import io.firebreak.agent.connection.AgentResources;
import io.firebreak.agent.connection.Backoff;
import io.firebreak.agent.connection.ChannelFactory;
import io.firebreak.agent.connection.ConnectionListener;
import io.firebreak.agent.journal.CommandJournal;
import io.firebreak.agent.journal.JournalSync;
import io.firebreak.agent.simulate.SimulatedActions;
import io.firebreak.agent.simulate.SimulatedHostState;
import io.firebreak.agent.trust.TrustStore;
import io.firebreak.agent.verify.BatchSignatures;
import io.firebreak.agent.verify.CommandVerifier;
import io.firebreak.agent.verify.SignatureChecker;
import io.firebreak.proto.agent.v1.Hello;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Builds an {@link Agent}. Not thread-safe; use one builder per agent. */
public final class AgentBuilder {
  /** This agent's version, from the jar manifest ("dev" when run from classes). */
  public static final String VERSION =
      Objects.requireNonNullElse(Agent.class.getPackage().getImplementationVersion(), "dev");

  private String target;
  private String hostId;
  private String partition;
  private final Map<String, String> labels = new TreeMap<>();
  private TrustStore trust;
  private ActionRegistry actions = ActionRegistry.empty();
  private boolean simulated;
  private Path stateDirectory;
  private JournalSync journalSync = JournalSync.ALWAYS;
  private boolean journalLock = true;
  private Clock clock = Clock.systemUTC();
  private AgentResources resources;
  private SignatureChecker signatures;
  private ChannelFactory channels;
  private Backoff.Policy backoff = Backoff.DEFAULT_POLICY;
  private ConnectionListener listener = ConnectionListener.NONE;

  AgentBuilder() {}

  /** What an agent needs to open its connection. */
  record Wiring(
      String target,
      AgentGatewayLink link,
      ActionRegistry actions,
      ActionContext context,
      ChannelFactory channels,
      AgentResources resources,
      AgentResources ownedResources,
      Backoff.Policy backoff,
      ConnectionListener listener) {}

  /** The gateway, "host:port"; without it the agent can only {@link Agent#handle} envelopes. */
  public AgentBuilder gateway(String target) {
    this.target = target;
    return this;
  }

  public AgentBuilder hostId(String hostId) {
    this.hostId = hostId;
    return this;
  }

  public AgentBuilder partition(String partition) {
    this.partition = partition;
    return this;
  }

  public AgentBuilder labels(Map<String, String> labels) {
    this.labels.putAll(labels);
    return this;
  }

  /** The pinned partition keys. */
  public AgentBuilder trust(TrustStore trust) {
    this.trust = trust;
    return this;
  }

  /** The executor set; default none. A real agent passes only real actions. */
  public AgentBuilder actions(ActionRegistry actions) {
    this.actions = actions;
    this.simulated = false;
    return this;
  }

  /** Runs the simulated executor set on {@code state}, each action waiting {@code latency}. */
  public AgentBuilder simulated(SimulatedHostState state, Duration latency) {
    this.actions = SimulatedActions.registry(state, latency);
    this.simulated = true;
    return this;
  }

  /** This host's private directory; the journal lives there. */
  public AgentBuilder stateDirectory(Path stateDirectory) {
    this.stateDirectory = stateDirectory;
    return this;
  }

  public AgentBuilder journalSync(JournalSync journalSync) {
    this.journalSync = journalSync;
    return this;
  }

  /**
   * Whether the agent holds its journal file open and locked while it runs (default true: a second
   * agent on the same state directory is refused). A simulated fleet passes false and locks its
   * whole state directory once instead, so that its hosts need one file descriptor each (their
   * socket), not two.
   */
  public AgentBuilder journalLock(boolean journalLock) {
    this.journalLock = journalLock;
    return this;
  }

  public AgentBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Shared threads (a fleet); by default the agent creates and owns a small set. */
  /** Signature checks shared with other hosts of this process (default: this host's own). */
  public AgentBuilder signatures(SignatureChecker signatures) {
    this.signatures = signatures;
    return this;
  }

  public AgentBuilder resources(AgentResources resources) {
    this.resources = resources;
    return this;
  }

  /** How channels are opened; default plain-text Netty on the resources' event loop. */
  public AgentBuilder channels(ChannelFactory channels) {
    this.channels = channels;
    return this;
  }

  public AgentBuilder backoff(Backoff.Policy backoff) {
    this.backoff = backoff;
    return this;
  }

  /** Told about registrations and disconnections; called on transport threads. */
  public AgentBuilder listener(ConnectionListener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Opens the journal and wires the agent; call {@link Agent#start()} to connect.
   *
   * @throws IOException if the journal cannot be opened
   */
  public Agent build() throws IOException {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
    CommandJournal journal =
        journalLock
            ? CommandJournal.open(stateDirectory, journalSync)
            : CommandJournal.openUnlocked(stateDirectory, journalSync);
    CommandVerifier verifier =
        new CommandVerifier(
            hostId,
            partition,
            trust,
            new HashSet<>(actions.types()),
            clock,
            signatures != null ? signatures : new SignatureChecker());
    AgentGatewayLink link = new AgentGatewayLink(target);
    ActionContext context = new ActionContext(hostId, partition, stateDirectory, clock, link);
    CommandProcessor processor = new CommandProcessor(verifier, actions, journal, context);
    Hello hello =
        Hello.newBuilder()
            .setHostId(hostId)
            .setPartition(partition)
            .putAllLabels(labels)
            .addAllCapabilities(actions.types())
            .setAgentVersion(VERSION)
            .addAllTrustedKeyIds(trust.keyIds())
            .setSimulated(simulated)
            .addFeatures(BatchSignatures.FEATURE)
            .build();
    AgentResources owned = target != null && resources == null ? AgentResources.create(1, 2) : null;
    AgentResources shared = owned != null ? owned : resources;
    ChannelFactory channelFactory =
        channels != null ? channels : shared == null ? null : shared.plaintextChannels();
    return new Agent(
        hello,
        processor,
        journal,
        new Wiring(
            target, link, actions, context, channelFactory, shared, owned, backoff, listener));
  }
}
