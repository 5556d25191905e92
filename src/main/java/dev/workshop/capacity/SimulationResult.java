package dev.workshop.capacity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What a {@link Simulation} saw, per second and per minute, plus how often each throttling reason came up. */
public final class SimulationResult {

    /** One time slice. {@code consumedUnits} counts admitted requests only: throttled ones consume nothing. */
    public record Interval(long startSecond, long attempted, long admitted, long throttled, double consumedUnits) {}

    private final long[] attempted;
    private final long[] admitted;
    private final long[] throttled;
    private final double[] consumed;
    private final Map<String, Long> reasons;

    SimulationResult(long[] attempted, long[] admitted, long[] throttled, double[] consumed, Map<String, Long> reasons) {
        this.attempted = attempted;
        this.admitted = admitted;
        this.throttled = throttled;
        this.consumed = consumed;
        this.reasons = Collections.unmodifiableMap(reasons);
    }

    public List<Interval> perSecond() {
        return slices(1);
    }

    public List<Interval> perMinute() {
        return slices(60);
    }

    public Interval total() {
        return slice(0, attempted.length);
    }

    /** Seconds {@code from} (inclusive) to {@code to} (exclusive), counted from the start of the run. */
    public Interval between(int fromSecond, int toSecond) {
        return slice(fromSecond, Math.min(toSecond, attempted.length));
    }

    /** Throttled requests by ThrottlingReason string (a request with two reasons counts under both). */
    public Map<String, Long> reasonCounts() {
        return reasons;
    }

    private List<Interval> slices(int width) {
        List<Interval> out = new ArrayList<>();
        for (int from = 0; from < attempted.length; from += width) {
            out.add(slice(from, Math.min(from + width, attempted.length)));
        }
        return out;
    }

    private Interval slice(int from, int to) {
        long a = 0;
        long ad = 0;
        long t = 0;
        double c = 0;
        for (int s = from; s < to; s++) {
            a += attempted[s];
            ad += admitted[s];
            t += throttled[s];
            c += consumed[s];
        }
        return new Interval(from, a, ad, t, c);
    }
}
