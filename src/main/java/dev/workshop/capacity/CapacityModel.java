package dev.workshop.capacity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * DynamoDB's partition capacity model, alone: no SDK, no I/O, time from an injected nanosecond clock.
 *
 * <p>What it models, each from the page cited in {@link DynamoDbLimits}:
 * <ul>
 *   <li>Every table and every GSI has partitions. A partition key value hashes to one partition, which serves
 *       up to 3,000 read units and 1,000 write units per second, reads and writes counted separately.</li>
 *   <li>Provisioned: ceil(RCU/3000 + WCU/1000) partitions and a table-level budget of the provisioned units
 *       that saves up to 300 s of unused capacity (burst). Adaptive capacity as documented: a hot partition keeps
 *       being served "provided that traffic does not exceed your table's total provisioned capacity or the partition
 *       maximum capacity"; the page names no warm-up, so it applies at once (AdaptiveCapacityTest).</li>
 *   <li>On-demand: partitions for a new table's 12,000 RRU / 4,000 WRU, later for double the previous peak;
 *       a peak becomes the previous peak 30 minutes after it happened. Plus the 40,000-unit per-table account
 *       quota, and MaxRead/WriteRequestUnits when set.</li>
 *   <li>A base-table write is also a write to each GSI it touches; if a GSI cannot take it, the base-table
 *       write is throttled (GSI back-pressure) with an Index… reason naming the GSI.</li>
 * </ul>
 *
 * <p>{@link #admit} checks and consumes in one step: a request is admitted only if every bucket it passes
 * through (table, partition, each touched GSI) has the units, and then all of them are charged; a throttled
 * request consumes nothing. {@link #charge} adds consumption after the fact without checking (for example
 * when a Query's real cost is known only from the response); it may push buckets into debt.
 *
 * <p>Not modelled: split-for-heat of a single hot key's sort-key range, storage-driven splits (10 GB), the
 * best-effort nature of burst, and switching billing modes. Unknown tables and indexes are admitted: the
 * model only throttles what it has been told about.
 */
public final class CapacityModel {
    private static final LimitType[] LIMITS = LimitType.values();

    private final LongSupplier nanos;
    private final String arnPrefix;
    private final Map<String, TableState> tables = new HashMap<>();
    // Reused by admit() (which holds the lock) so that a write touching GSIs allocates nothing.
    private Resource[] scratchGsis = new Resource[4];
    private int[] scratchPartitions = new int[4];
    private int[] scratchFailures = new int[4];

    /** ARNs use DynamoDB Local's region and account. */
    public CapacityModel(LongSupplier nanos) {
        this(nanos, "ddblocal", "000000000000");
    }

    public CapacityModel(LongSupplier nanos, String region, String accountId) {
        this.nanos = nanos;
        this.arnPrefix = "arn:aws:dynamodb:" + region + ":" + accountId + ":table/";
    }

    /** Defines (or redefines, with fresh capacity) a table created now. */
    public synchronized void defineTable(TableSpec spec) {
        long now = nanos.getAsLong();
        String tableArn = arnPrefix + spec.name();
        Resource base = new Resource(tableArn, false, spec.billingMode(), spec.readCapacityUnits(),
                spec.writeCapacityUnits(), spec.maxReadRequestUnits(), spec.maxWriteRequestUnits(), now);
        Map<String, Resource> indexes = new HashMap<>();
        for (IndexSpec gsi : spec.indexes()) {
            indexes.put(gsi.name(), new Resource(tableArn + "/index/" + gsi.name(), true, spec.billingMode(),
                    gsi.readCapacityUnits(), gsi.writeCapacityUnits(), gsi.maxReadRequestUnits(),
                    gsi.maxWriteRequestUnits(), now));
        }
        tables.put(spec.name(), new TableState(spec, now, base, indexes));
    }

    public synchronized void dropTable(String name) {
        tables.remove(name);
    }

    public synchronized boolean hasTable(String name) {
        return tables.containsKey(name);
    }

    /** Clock reading (nanos) at which the table was defined. */
    public synchronized long createdAtNanos(String table) {
        return state(table).createdAtNanos;
    }

    /** Checks the request against every limit it meets and, if all have room, consumes the units. */
    public synchronized Decision admit(Access access) {
        TableState table = tables.get(access.table());
        if (table == null) {
            return Decision.ADMITTED;
        }
        long now = nanos.getAsLong();
        Operation op = access.operation();
        Resource target = access.index() == null ? table.base : table.indexes.get(access.index());
        if (target == null) {
            return Decision.ADMITTED;
        }
        target.advanceTo(now);
        int partition = target.partitionOf(access.partitionKey());
        int failures = target.check(op, partition, access.units(), now);

        List<IndexWrite> indexWrites = access.indexWrites();
        int n = indexWrites.size();
        if (n > scratchGsis.length) {
            scratchGsis = new Resource[n];
            scratchPartitions = new int[n];
            scratchFailures = new int[n];
        }
        // Back-pressure: every touched GSI must be able to take its share before the base write is admitted.
        int anyIndexFailure = 0;
        for (int i = 0; i < n; i++) {
            IndexWrite w = indexWrites.get(i);
            Resource gsi = table.indexes.get(w.index());
            scratchGsis[i] = gsi;
            scratchFailures[i] = 0;
            if (gsi == null) {
                continue;
            }
            gsi.advanceTo(now);
            scratchPartitions[i] = gsi.partitionOf(w.partitionKey());
            scratchFailures[i] = gsi.check(Operation.WRITE, scratchPartitions[i], w.units(), now);
            anyIndexFailure |= scratchFailures[i];
        }
        if (failures == 0 && anyIndexFailure == 0) {
            target.consume(op, partition, access.units(), now);
            for (int i = 0; i < n; i++) {
                if (scratchGsis[i] != null) {
                    scratchGsis[i].consume(Operation.WRITE, scratchPartitions[i], indexWrites.get(i).units(), now);
                }
            }
            return Decision.ADMITTED;
        }
        return throttled(target, op, failures, n);
    }

    private Decision throttled(Resource target, Operation op, int baseFailures, int indexCount) {
        // The common cases, one limit on one resource, come from a cache and allocate nothing.
        Resource only = null;
        int onlyFailures = 0;
        int failingResources = 0;
        if (baseFailures != 0) {
            only = target;
            onlyFailures = baseFailures;
            failingResources++;
        }
        for (int i = 0; i < indexCount; i++) {
            if (scratchFailures[i] != 0) {
                only = scratchGsis[i];
                onlyFailures = scratchFailures[i];
                failingResources++;
            }
        }
        if (failingResources == 1 && Integer.bitCount(onlyFailures) == 1) {
            Operation onlyOp = only == target ? op : Operation.WRITE;
            return only.singleReason(onlyOp, LIMITS[Integer.numberOfTrailingZeros(onlyFailures)]);
        }
        List<ThrottlingReason> reasons = new ArrayList<>(2);
        ErrorType errorType = addReasons(reasons, null, target, op, baseFailures);
        for (int i = 0; i < indexCount; i++) {
            if (scratchGsis[i] != null) {
                errorType = addReasons(reasons, errorType, scratchGsis[i], Operation.WRITE, scratchFailures[i]);
            }
        }
        return Decision.throttled(errorType, reasons);
    }

    private static ErrorType addReasons(List<ThrottlingReason> reasons, ErrorType first, Resource resource,
            Operation op, int failures) {
        for (LimitType limit : LIMITS) {
            if ((failures & (1 << limit.ordinal())) != 0) {
                reasons.add(resource.reason(op, limit));
                if (first == null) {
                    first = limit.errorType(resource.index);
                }
            }
        }
        return first;
    }

    /**
     * All or nothing, as a transaction is: every access is admitted, or none consumes anything. The accesses are
     * admitted in order (so two on one partition add up) and, at the first throttle, the ones already admitted are
     * handed back exactly (same instant, same buckets).
     *
     * @return {@link Decision#ADMITTED}, or the throttle of the access at {@code throttledIndex()} of the result
     */
    public synchronized AllDecision admitAll(List<Access> accesses) {
        List<Access> done = new ArrayList<>(accesses.size());
        for (int i = 0; i < accesses.size(); i++) {
            Decision d = admit(accesses.get(i));
            if (d.throttled()) {
                for (Access a : done) consumeEverywhere(a, -1);
                return new AllDecision(d, i);
            }
            done.add(accesses.get(i));
        }
        return new AllDecision(Decision.ADMITTED, -1);
    }

    /** The outcome of {@link #admitAll}: the decision, and which access was throttled (-1 when none). */
    public record AllDecision(Decision decision, int throttledIndex) {
        public boolean throttled() {
            return decision.throttled();
        }
    }

    private void consumeEverywhere(Access access, double sign) {
        TableState table = tables.get(access.table());
        if (table == null) return;
        long now = nanos.getAsLong();
        Resource target = access.index() == null ? table.base : table.indexes.get(access.index());
        if (target != null) {
            target.advanceTo(now);
            target.consume(access.operation(), target.partitionOf(access.partitionKey()), sign * access.units(), now);
        }
        for (IndexWrite w : access.indexWrites()) {
            Resource gsi = table.indexes.get(w.index());
            if (gsi != null) {
                gsi.advanceTo(now);
                gsi.consume(Operation.WRITE, gsi.partitionOf(w.partitionKey()), sign * w.units(), now);
            }
        }
    }

    /** Consumes the access's units everywhere it would go, without checking; buckets may go into debt. */
    public synchronized void charge(Access access) {
        consumeEverywhere(access, 1);
    }

    /** How many partitions the table (index null) or GSI has now. */
    public synchronized int partitionCount(String table, String index) {
        Resource r = resource(table, index);
        r.advanceTo(nanos.getAsLong());
        return r.partitions();
    }

    /** Which partition (0-based) a partition key value lands on now. */
    public synchronized int partitionOf(String table, String index, String partitionKey) {
        Resource r = resource(table, index);
        r.advanceTo(nanos.getAsLong());
        return r.partitionOf(partitionKey);
    }

    /** On-demand only: the previous peak (units per second) the table or GSI can now double. */
    public synchronized double previousPeak(String table, String index, Operation operation) {
        Resource r = resource(table, index);
        r.advanceTo(nanos.getAsLong());
        return r.previousPeak(operation);
    }

    /** The ARN a throttling reason names for this table (index null) or GSI. */
    public String arn(String table, String index) {
        return arnPrefix + table + (index == null ? "" : "/index/" + index);
    }

    private Resource resource(String table, String index) {
        TableState state = state(table);
        Resource r = index == null ? state.base : state.indexes.get(index);
        if (r == null) {
            throw new IllegalArgumentException("table " + table + " has no index " + index);
        }
        return r;
    }

    private TableState state(String table) {
        TableState state = tables.get(table);
        if (state == null) {
            throw new IllegalArgumentException("no table " + table + " is defined in the capacity model");
        }
        return state;
    }

    private static final class TableState {
        final TableSpec spec;
        final long createdAtNanos;
        final Resource base;
        final Map<String, Resource> indexes;

        TableState(TableSpec spec, long createdAtNanos, Resource base, Map<String, Resource> indexes) {
            this.spec = spec;
            this.createdAtNanos = createdAtNanos;
            this.base = base;
            this.indexes = indexes;
        }
    }
}
