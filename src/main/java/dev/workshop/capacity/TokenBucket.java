package dev.workshop.capacity;

/** Units per second with a cap on what can be saved up. O(1), no allocation; time comes from the caller. */
final class TokenBucket {
    // Rates such as 1,000/s refilled every millisecond add up to 0.99999999… in floating point; without this
    // slack a request for exactly the refilled amount would be refused.
    private static final double EPSILON = 1e-9;

    final double ratePerSecond;
    final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, double capacity, double initialTokens, long nowNanos) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        this.tokens = Math.min(capacity, initialTokens);
        this.lastNanos = nowNanos;
    }

    void refill(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + ratePerSecond * (nowNanos - lastNanos) * 1e-9);
            lastNanos = nowNanos;
        }
    }

    boolean has(double units) {
        return tokens + EPSILON >= units;
    }

    /** May go below zero: a charge after the fact is a debt the bucket pays back before admitting again. */
    void take(double units) {
        tokens -= units;
    }

    double tokens() {
        return tokens;
    }
}
