package io.firebreak.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AgentResourcesTest {
  @Test
  void addressLiterals_areDialledWithoutNameResolution_namesAreResolved() {
    assertThat(AgentResources.ipLiteral("10.0.0.5:7443")).isEqualTo(new InetSocketAddress("10.0.0.5", 7443));
    assertThat(AgentResources.ipLiteral("[::1]:7443")).isEqualTo(new InetSocketAddress("::1", 7443));
    assertThat(AgentResources.ipLiteral("gateway.example.com:7443")).as("a name goes to the resolver").isNull();
    assertThat(AgentResources.ipLiteral("10.0.0.5")).as("no port: left to gRPC to refuse").isNull();
    assertThat(AgentResources.ipLiteral("10.0.0.5:")).isNull();
    assertThat(AgentResources.ipLiteral("10.0.0.5:https")).isNull();
  }
}
