package dev.workshop.capacity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the capacity model alone in simulated time: no retries, no DynamoDB, no sleeping. Requests are spaced
 * evenly; the clock jumps from one to the next, so ten minutes at 10,000 requests/s take well under a second.
 */
public final class Simulation {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Simulation() {}

    /** A fresh model with just this table, created at time zero. */
    public static SimulationResult run(TableSpec table, Workload workload) {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(table);
        return run(model, clock, workload);
    }

    /**
     * Continues an existing model from the clock's current time, so phases (idle, spike, steady) can be chained.
     * The clock ends at start + duration.
     */
    public static SimulationResult run(CapacityModel model, SimulatedClock clock, Workload workload) {
        long start = clock.getAsLong();
        long durationNanos = workload.duration().toNanos();
        int seconds = (int) ((durationNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        long[] attempted = new long[seconds];
        long[] admitted = new long[seconds];
        long[] throttled = new long[seconds];
        double[] consumed = new double[seconds];
        // Counters are long[1] so that counting a throttle does not box a Long.
        Map<String, long[]> reasonCounters = new HashMap<>();

        double units = workload.unitsPerRequest();
        // One prepared Access per key: the loop itself allocates nothing for admitted requests.
        Access[] accesses = new Access[workload.keyCount()];
        for (int k = 0; k < accesses.length; k++) {
            String key = workload.keyPrefix() + k;
            if (workload.operation() == Operation.READ) {
                accesses[k] = new Access(workload.table(), null, key, Operation.READ, units,
                        workload.transactional() ? Consistency.TRANSACTIONAL : workload.consistency(), null);
            } else if (workload.index() == null) {
                accesses[k] = Access.write(workload.table(), key, units);
            } else {
                String gsiKey = workload.keyPrefix() + "gsi-" + (k % workload.indexKeyCount());
                accesses[k] = Access.write(workload.table(), key, units, new IndexWrite(workload.index(), gsiKey, units));
            }
        }

        double gapNanos = NANOS_PER_SECOND / workload.requestsPerSecond();
        long requests = (long) Math.floor(durationNanos / gapNanos);
        for (long i = 0; i < requests; i++) {
            long offset = (long) (i * gapNanos);
            clock.setNanos(start + offset);
            int second = (int) (offset / NANOS_PER_SECOND);
            attempted[second]++;
            Decision decision = model.admit(accesses[(int) (i % accesses.length)]);
            if (decision.admitted()) {
                admitted[second]++;
                consumed[second] += units;
            } else {
                throttled[second]++;
                List<ThrottlingReason> reasons = decision.reasons();
                for (int r = 0; r < reasons.size(); r++) {
                    reasonCounters.computeIfAbsent(reasons.get(r).reason(), k -> new long[1])[0]++;
                }
            }
        }
        clock.setNanos(start + durationNanos);
        Map<String, Long> reasonCounts = new HashMap<>();
        reasonCounters.forEach((reason, count) -> reasonCounts.put(reason, count[0]));
        return new SimulationResult(attempted, admitted, throttled, consumed, reasonCounts);
    }
}
