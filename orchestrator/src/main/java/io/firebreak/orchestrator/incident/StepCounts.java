package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.HostOutcome;
import java.util.ArrayList;
import java.util.List;

/** Per-host outcome counts of one step on some hosts; immutable, summed across partitions. */
public record StepCounts(int succeeded, int failed, int rejected, int rolledBack, int unreachable, int skipped) {
  public static final StepCounts ZERO = new StepCounts(0, 0, 0, 0, 0, 0);

  /** These counts with one more host of {@code outcome}. */
  public StepCounts plus(HostOutcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> new StepCounts(succeeded + 1, failed, rejected, rolledBack, unreachable, skipped);
      case FAILED -> new StepCounts(succeeded, failed + 1, rejected, rolledBack, unreachable, skipped);
      case REJECTED -> new StepCounts(succeeded, failed, rejected + 1, rolledBack, unreachable, skipped);
      case ROLLED_BACK -> new StepCounts(succeeded, failed, rejected, rolledBack + 1, unreachable, skipped);
      case UNREACHABLE -> new StepCounts(succeeded, failed, rejected, rolledBack, unreachable + 1, skipped);
      case SKIPPED -> new StepCounts(succeeded, failed, rejected, rolledBack, unreachable, skipped + 1);
    };
  }

  public StepCounts plus(StepCounts other) {
    return new StepCounts(succeeded + other.succeeded, failed + other.failed, rejected + other.rejected,
        rolledBack + other.rolledBack, unreachable + other.unreachable, skipped + other.skipped);
  }

  /** Hosts answered (any outcome). */
  public int answered() {
    return succeeded + failed + rejected + rolledBack + unreachable + skipped;
  }

  /** {@code n} zero counts. */
  static List<StepCounts> zeros(int n) {
    List<StepCounts> zeros = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      zeros.add(ZERO);
    }
    return zeros;
  }

  /** Element-wise sum of two equally long lists. */
  static List<StepCounts> sum(List<StepCounts> a, List<StepCounts> b) {
    List<StepCounts> sum = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      sum.add(a.get(i).plus(b.get(i)));
    }
    return sum;
  }
}
