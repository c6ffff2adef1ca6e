package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.gateway.TargetHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentPlansTest {
  final AtomicLong now = new AtomicLong(1_000);
  final RecentPlans plans = new RecentPlans(now::get);

  @Test
  void slice_ofAPlanWrittenJustNow_isServedInPlanOrderWithTheResolvedGateways() {
    plans.put("inc-1", hosts("blue", 3, "gw-a"));

    assertThat(plans.slice("inc-1", new PlanSlice("blue", 1, 3))).contains(List.of(
        new TargetHost("blue-1", "blue", "gw-a"), new TargetHost("blue-2", "blue", "gw-a")));
  }

  @Test
  void slice_onceTheEntryIsTwoSecondsOld_isLeftToTheDatabase() {
    plans.put("inc-1", hosts("blue", 3, "gw-a"));

    now.addAndGet(RecentPlans.FRESH.toMillis() - 1);
    assertThat(plans.slice("inc-1", new PlanSlice("blue", 0, 3))).isPresent();
    now.incrementAndGet();
    assertThat(plans.slice("inc-1", new PlanSlice("blue", 0, 3))).isEmpty();
  }

  @Test
  void slice_outsideThePlanOrOfAnotherPartition_orOfAnUnknownIncident_isLeftToTheDatabase() {
    List<TargetHost> twoPartitions = new ArrayList<>(hosts("blue", 2, "gw-a"));
    twoPartitions.addAll(hosts("green", 2, "gw-b"));
    plans.put("inc-1", twoPartitions);

    assertThat(plans.slice("inc-1", new PlanSlice("green", 2, 4))).isPresent();
    assertThat(plans.slice("inc-1", new PlanSlice("green", 1, 3))).isEmpty();
    assertThat(plans.slice("inc-1", new PlanSlice("green", 2, 5))).isEmpty();
    assertThat(plans.slice("inc-2", new PlanSlice("blue", 0, 2))).isEmpty();
  }

  @Test
  void forget_stopsServingASnapshotThatIsBeingReplaced() {
    plans.put("inc-1", hosts("blue", 2, "gw-a"));

    plans.forget("inc-1");

    assertThat(plans.slice("inc-1", new PlanSlice("blue", 0, 2))).isEmpty();
  }

  @Test
  void put_keepsAtMostMaxHosts_droppingTheOldestPlansFirst() {
    int third = RecentPlans.MAX_HOSTS / 3;
    plans.put("inc-1", hosts("blue", third, "gw-a"));
    plans.put("inc-2", hosts("blue", third, "gw-a"));
    plans.put("inc-3", hosts("blue", third, "gw-a"));

    plans.put("inc-4", hosts("blue", third, "gw-a"));

    assertThat(plans.slice("inc-1", new PlanSlice("blue", 0, 1))).isEmpty();
    assertThat(plans.slice("inc-2", new PlanSlice("blue", 0, 1))).isPresent();
    assertThat(plans.slice("inc-4", new PlanSlice("blue", 0, third))).get().asList().hasSize(third);
    plans.put("inc-5", hosts("blue", RecentPlans.MAX_HOSTS + 1, "gw-a"));
    assertThat(plans.slice("inc-5", new PlanSlice("blue", 0, 1))).isEmpty();
  }

  private static List<TargetHost> hosts(String partition, int count, String gateway) {
    List<TargetHost> hosts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hosts.add(new TargetHost(partition + "-" + i, partition, gateway));
    }
    return hosts;
  }
}
