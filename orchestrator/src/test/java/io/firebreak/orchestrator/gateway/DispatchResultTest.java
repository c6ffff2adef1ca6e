package io.firebreak.orchestrator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.api.common.v1.Payload;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchResultTest {

  private static List<HostResult> batch(int hosts, String failing) {
    List<HostResult> all = new ArrayList<>();
    for (int i = 1; i <= hosts; i++) {
      String host = "web-" + i;
      HostOutcome outcome = host.equals(failing) ? HostOutcome.FAILED : HostOutcome.SUCCEEDED;
      all.add(new HostResult(host, "blue", outcome, "isolated with nftables, probe unreachable", false, 1_700_000_000_000L));
    }
    return all;
  }

  @Test
  void summarized_listsOnlyTheHostsThatDidNotSucceed_andStaysSmallInTheHistory() {
    List<HostResult> all = batch(500, "web-7");

    DispatchResult summary = DispatchResult.summarized(all);

    assertThat(summary.succeeded()).isEqualTo(499);
    assertThat(summary.results()).extracting(HostResult::hostId).containsExactly("web-7");
    Payload full = DefaultDataConverter.STANDARD_INSTANCE.toPayload(new DispatchResult(all)).orElseThrow();
    Payload small = DefaultDataConverter.STANDARD_INSTANCE.toPayload(summary).orElseThrow();
    assertThat(full.getData().size()).isGreaterThan(40_000);
    assertThat(small.getData().size()).isLessThan(300);
  }

  @Test
  void bothFormsSurviveTheWorkflowDataConverter_includingResultsRecordedBeforeTheCount() {
    DispatchResult summary = DispatchResult.summarized(batch(3, "web-2"));
    Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(summary).orElseThrow();
    assertThat(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, DispatchResult.class, DispatchResult.class))
        .isEqualTo(summary);

    // An activity result recorded by an earlier version: every host listed, no count.
    Payload recorded = payload.toBuilder().setData(ByteString.copyFrom(
        "{\"results\":[{\"hostId\":\"web-1\",\"partition\":\"blue\",\"outcome\":\"SUCCEEDED\",\"detail\":\"ok\","
            + "\"duplicate\":false,\"finishedAtMs\":5}]}", StandardCharsets.UTF_8)).build();
    DispatchResult old = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(recorded, DispatchResult.class,
        DispatchResult.class);
    assertThat(old.succeeded()).isZero();
    assertThat(old.results()).singleElement().extracting(HostResult::outcome).isEqualTo(HostOutcome.SUCCEEDED);
  }
}
