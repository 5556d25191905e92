package dev.workshop.capacity;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told to, so tests and simulations never sleep. */
public final class SimulatedClock implements LongSupplier {
    private long nanos;

    public SimulatedClock() {
        this(0);
    }

    public SimulatedClock(long startNanos) {
        this.nanos = startNanos;
    }

    @Override
    public long getAsLong() {
        return nanos;
    }

    public void advance(Duration by) {
        advanceNanos(by.toNanos());
    }

    public void advanceNanos(long by) {
        if (by < 0) {
            throw new IllegalArgumentException("time cannot go backwards: " + by);
        }
        nanos += by;
    }

    public void setNanos(long to) {
        advanceNanos(to - nanos);
    }
}
