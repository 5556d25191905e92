package dev.workshop.labs.hot;

/**
 * Where the shards of a write-sharded key can land on AWS, and how likely it is that too many land on one partition.
 *
 * <p>DynamoDB places a partition key by its hash; which partition a shard key lands on cannot be chosen or known.
 * A new on-demand table sustains 4,000 write units per second (its warm throughput) and each partition at most
 * 1,000, so it has at least four partitions
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html). Taking each shard
 * key to fall on one of the partitions uniformly and independently, the chance that some partition gets {@code k}
 * or more of {@code n} shards is exact multinomial arithmetic, done here. Fewer partitions is the worse case, so the
 * lab is judged with the fewest a new table can have.
 */
public final class ShardPlacement {
    private ShardPlacement() {}

    /** Probability that, of {@code shards} keys hashed uniformly onto {@code partitions}, some partition gets at least {@code k}. */
    public static double someoneGetsAtLeast(int shards, int partitions, int k) {
        if (k <= 0) return 1;
        if (k > shards) return 0;
        // P(all below k) = n! / p^n * sum over (c1..cp), ci < k, sum ci = n, of prod 1/ci!  -- a DP over partitions.
        double[] invFact = new double[shards + 1];
        invFact[0] = 1;
        for (int i = 1; i <= shards; i++) invFact[i] = invFact[i - 1] / i;
        double[] g = new double[shards + 1];
        g[0] = 1;
        for (int b = 0; b < partitions; b++) {
            double[] next = new double[shards + 1];
            for (int n = 0; n <= shards; n++) {
                if (g[n] == 0) continue;
                for (int j = 0; j < k && n + j <= shards; j++) next[n + j] += g[n] * invFact[j];
            }
            g = next;
        }
        // n! / p^n, in logs: 4^100 and 100! are large but their ratio times g is a probability.
        double logScale = 0;
        for (int i = 2; i <= shards; i++) logScale += Math.log(i);
        logScale -= shards * Math.log(partitions);
        double allBelow = Math.exp(logScale + Math.log(g[shards]));
        return Math.max(0, Math.min(1, 1 - allBelow));
    }

    /**
     * Probability that some partition is offered more than {@code threshold} units/s when {@code unitsPerSecond} are
     * spread evenly over {@code shards} keys: the share of attendees whose sharded run could meet throttles.
     */
    public static double overloadProbability(double unitsPerSecond, int shards, int partitions, double threshold) {
        double perShard = unitsPerSecond / shards;
        int k = (int) Math.floor(threshold / perShard) + 1; // the fewest shards whose load exceeds the threshold
        return someoneGetsAtLeast(shards, partitions, k);
    }
}
