package dev.workshop.labs;

import dev.workshop.capacity.Simulation;
import dev.workshop.capacity.SimulationResult;
import dev.workshop.capacity.TableSpec;
import dev.workshop.capacity.Workload;
import dev.workshop.console.Chart;
import dev.workshop.console.Table;
import dev.workshop.labs.hot.LoadSize;
import dev.workshop.labs.hot.ShardPlacement;
import dev.workshop.labs.hot.ShardRange;
import dev.workshop.labs.hot.WriteLoad;
import dev.workshop.metrics.MetricNames;
import dev.workshop.metrics.MetricsReport;
import dev.workshop.metrics.MetricsSource;
import dev.workshop.metrics.MetricsSources;
import dev.workshop.target.Target;
import dev.workshop.workspace.BatchWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.workshop.Range;
import dev.workshop.WorkshopException;
import dev.workshop.capacity.DynamoDbLimits;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Lab 3: a hot partition key on the attendee's own table, then the same load write-sharded, read back with a
 * scatter-gather over the same {@link ShardRange}, and the table's throttle metrics for the load window.
 *
 * <p>Sizing: every partition takes at most 1,000 WCU/s, and both runs offer 2,000 WCU/s ({@link LoadSize#LAB_UNITS}):
 * 125 writes/s of 16 KB (16 WCU each). That is twice one partition's limit for a single key, yet only 20 WCU/s per
 * shard over 100 shards. Where the shard keys land on AWS is the hash's choice: on the four partitions of a new
 * on-demand table (4,000 WRU/s), some partition gets 46 or more of the 100 shards (over 900 WCU/s) for about 2
 * attendees in 100,000 ({@link ShardPlacement}; ten shards of 200 reached the limit for about 31%). On the local
 * target this machine serves the writes, and a busy one (a build on the same two cores) may not serve 62 of 16 KB per
 * second, one partition's limit: then nothing is over the limit and nothing throttles. So there a short calibration
 * picks the item size ({@link LoadSize#itemKbFor}): the same 2,000 WCU/s in fewer, larger writes, since each admitted
 * write costs DynamoDB Local about the same work whatever its size and a throttled one costs it none (the gateway
 * answers it). When the machine still cannot offer more than the limit, the checks say so in figures, as "could not
 * be shown here", not as a failed lesson.
 */
public final class HotPartitionsLab implements Lab {
    static final String HOT_KEY = "readings#today";
    /** The one shard-range definition the writer and the reader share. */
    static ShardRange shards(int count) {
        return new ShardRange("readings#today#shard", 0, count);
    }

    /** How many shard keys the start-of-run cleanup sweeps, so a rerun with fewer shards leaves nothing behind. */
    static final int CLEANUP_SHARDS = 128;

    /** Lab options: the load's shape, and the simulation. */
    public static final class Options {
        static final int DEFAULT_RATE = 125;
        static final int DEFAULT_ITEM_KB = 16;
        static final int DEFAULT_SHARDS = 100;
        static final int MAX_SHARDS = 1_000;
        static final int MAX_SECONDS = 3_600;
        static final int MAX_ITEMS = 100_000;
        /** AsyncHttp's connection pool: more writes than connections would only queue inside the client. */
        static final int MAX_IN_FLIGHT = 64;
        /**
         * Writes in one real run: the load keeps a latency per write (8 bytes each). The simulation keeps none and
         * steps through about 20 million requests per second on two cores (measured), so it needs no such bound.
         */
        static final long MAX_WRITES_PER_RUN = 2_000_000;

        @Range(min = 1, max = DynamoDbLimits.ON_DEMAND_TABLE_QUOTA_UNITS_PER_SECOND, unit = "writes per second",
                why = "an on-demand table's default quota is 40,000 write units per second")
        @Option(names = "--rate", paramLabel = "N", description = "Writes per second offered in each run (default: 2,000 write units per second,"
                + " i.e. 125 of 16 KB, in items of --item-kb).")
        public Double rate;

        @Range(min = 1, max = DynamoDbLimits.MAX_ITEM_KB, unit = "KB per item", why = "DynamoDB's largest item is 400 KB")
        @Option(names = "--item-kb", paramLabel = "KB", description = "Item size in KB; each KB is one write unit (default: 16, or larger"
                + " when a short calibration finds this machine too busy to serve 16 KB writes fast enough; see the guide).")
        public Integer itemKb;

        @Range(min = 1, max = MAX_SHARDS, unit = "shards", why = "the read-back sends one Query per shard")
        @Option(names = "--shards", paramLabel = "N", defaultValue = "" + DEFAULT_SHARDS, description = "Shards of the write-sharded key (default: ${DEFAULT-VALUE}).")
        public int shards = DEFAULT_SHARDS;

        @Range(min = 1, max = MAX_SECONDS, unit = "seconds", why = "an hour")
        @Option(names = "--seconds", paramLabel = "S", description = "Length of each load run in seconds (default: 20; with --simulate 600).")
        public Integer seconds;

        @Range(min = 1, max = MAX_ITEMS, unit = "distinct items", why = "the load keeps every key it wrote to check the read-back")
        @Option(names = "--items", paramLabel = "N", description = "Distinct items the load rewrites (default: 500 of 16 KB, fewer of"
                + " larger items, a multiple of --shards).")
        public Integer items;

        @Range(min = 1, max = MAX_IN_FLIGHT, unit = "writes outstanding", why = "the HTTP client opens at most " + MAX_IN_FLIGHT + " connections")
        @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64", description = "Most writes outstanding at once (default: ${DEFAULT-VALUE}).")
        public int inFlight = 64;

        @Option(names = "--simulate", description = "Run the capacity model alone in simulated time (no DynamoDB) and chart it per minute.")
        public boolean simulate;

        @Option(names = "--no-wait", description = "On AWS, do not wait for CloudWatch datapoints (they arrive minutes late).")
        public boolean noWait;

        int seconds() {
            return seconds != null ? seconds : simulate ? 600 : 20;
        }

        /** Neither --rate nor --item-kb given: the lab's own load, its item size left to a calibration on the local target. */
        boolean sizeLeftToLab() {
            return rate == null && itemKb == null;
        }

        int itemKb() {
            return itemKb != null ? itemKb : DEFAULT_ITEM_KB;
        }

        /** --item-kb alone keeps the lab's write units per second (fewer, larger writes). */
        double rate() {
            return rate != null ? rate : LoadSize.LAB_UNITS / itemKb();
        }

        /** The load as given, or the lab's own in items of {@code kb} when the lab sizes it. */
        LoadSize load(int kb) {
            if (!sizeLeftToLab()) kb = itemKb();
            double r = sizeLeftToLab() ? LoadSize.LAB_UNITS / kb : rate();
            return new LoadSize(kb, r, items != null ? items : LoadSize.defaultItems(kb, shards));
        }

        /** What the options ask for together; each one alone is checked against its {@link Range} first. */
        void check(String command) {
            // One write unit per KB written (DynamoDbLimits.WRITE_BLOCK_BYTES), so the load asks rate x KB units/s.
            double rate = rate();
            int itemKb = itemKb();
            double units = rate * itemKb;
            if (units > DynamoDbLimits.ON_DEMAND_TABLE_QUOTA_UNITS_PER_SECOND) {
                throw WorkshopException.usage(String.format(Locale.ROOT, "--rate %s of --item-kb %d asks %,.0f write units per second,"
                                + " over an on-demand table's default quota of 40,000; at %d KB the most is --rate %d.",
                                plain(rate), itemKb, units, itemKb, (int) (DynamoDbLimits.ON_DEMAND_TABLE_QUOTA_UNITS_PER_SECOND / itemKb)),
                        command + " --rate " + DEFAULT_RATE + " --item-kb " + DEFAULT_ITEM_KB);
            }
            double writes = rate * seconds();
            if (!simulate && writes > MAX_WRITES_PER_RUN) {
                throw WorkshopException.usage(String.format(Locale.ROOT, "--rate %s for %d seconds is %,.0f writes per run;"
                                + " a real run measures at most %,d (fewer --seconds, or --simulate).", plain(rate), seconds(), writes,
                                MAX_WRITES_PER_RUN),
                        command + " --rate " + plain(rate) + " --seconds " + Math.max(1, (int) (MAX_WRITES_PER_RUN / rate)));
            }
        }

        private static String plain(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }

        /**
         * The lab's own load: its promises (one key throttles, 100 shards do not) are made for this shape. The
         * single-key step does not depend on the shard count.
         */
        boolean defaultLoad(boolean singleKey) {
            return Math.abs(rate() * itemKb() - LoadSize.LAB_UNITS) < 1e-6 && (singleKey || shards == DEFAULT_SHARDS);
        }

        WriteLoad.Settings settings(LoadSize load) {
            return new WriteLoad.Settings(load.rate(), seconds(), load.itemKb() * 1024, load.items(), inFlight);
        }
    }

    private final Options options = new Options();

    @Override
    public void checkOptions(String command) {
        options.check(command);
    }
    private final Path workshopHome;
    private java.util.function.Function<Target, MetricsSource> metricsSource;
    /** Step 4 asks CloudWatch about this often (jittered by a quarter either way), for at most maxWait. */
    private Duration poll = Duration.ofSeconds(15);
    private Duration maxWait = Duration.ofMinutes(6);

    /** The workshop home as Env.fromProcess finds it (WORKSHOP_HOME, else ~/.workshop). */
    public HotPartitionsLab() {
        this(System.getenv("WORKSHOP_HOME") == null || System.getenv("WORKSHOP_HOME").isBlank()
                ? Path.of(System.getProperty("user.home"), ".workshop") : Path.of(System.getenv("WORKSHOP_HOME")));
    }

    /** @param workshopHome where a client of another process's local server finds the metrics file */
    public HotPartitionsLab(Path workshopHome) {
        this.workshopHome = workshopHome;
        this.metricsSource = t -> MetricsSources.forTarget(t, workshopHome);
    }

    /** For tests: step 4 reads another metrics source (a CloudWatch stand-in) and waits on a shorter clock. */
    HotPartitionsLab metricsFrom(java.util.function.Function<Target, MetricsSource> source, Duration poll, Duration maxWait) {
        this.metricsSource = source;
        this.poll = poll;
        this.maxWait = maxWait;
        return this;
    }

    @Override
    public String name() {
        return "hot-partitions";
    }

    @Override
    public int number() {
        return 3;
    }

    /** --simulate runs the model alone: no DynamoDB, so no target, no workspace and no progress to record. */
    @Override
    public boolean needsTarget() {
        return !options.simulate;
    }

    @Override
    public boolean needsWorkspace() {
        return !options.simulate;
    }

    @Override
    public boolean recordsProgress() {
        return !options.simulate;
    }

    /** Step 3 reads back what step 2 wrote; step 4 charts the minutes of the load that steps 1 and 2 ran. */
    @Override
    public int resumableFrom(int step) {
        return step == 3 ? 2 : step == 4 ? 1 : step;
    }

    @Override
    public String summary() {
        return "Drive one partition key past its limit, write-shard it, read it back with a scatter-gather, and read the throttle metrics.";
    }

    @Override
    public Object options() {
        return options;
    }

    public Options settings() {
        return options;
    }

    @Override
    public List<Step> steps() {
        if (options.simulate) {
            // The guide narrates the lab's own load; a simulation says what it simulates, whatever the options.
            return List.of(new Step(STEP1, (ctx, r) -> simulate(r, 1, "S:" + HOT_KEY + "#", true), simulated(1)),
                    new Step(STEP2, (ctx, r) -> simulate(r, options.shards, "S:" + shards(options.shards).base() + "#", false),
                            simulated(options.shards)));
        }
        return List.of(new Step(STEP1, this::hotKey), new Step(STEP2, this::sharded), new Step(STEP3, this::scatterGather),
                new Step(STEP4, this::metrics));
    }

    static final String STEP1 = "One hot partition key";
    static final String STEP2 = "Write-shard the key";
    static final String STEP3 = "Scatter-gather over the same shard range";
    static final String STEP4 = "The table's throttle metrics";

    // ---------------------------------------------------------------- sizing

    /**
     * Writes per second of 16 KB the calibration offers: enough to tell whether the machine serves the
     * {@link LoadSize#HEADROOM} times a partition's 62.5 that 16 KB items need; 3,200 write units/s over 100 shards,
     * under a new table's 4,000.
     */
    static final double CALIBRATION_RATE = 200;
    static final int CALIBRATION_SECONDS = 4;
    /**
     * The load both runs offer, decided once per run. On the local target this machine serves the writes, so when the
     * lab may choose the item size (neither --rate nor --item-kb given) a short calibration measures how many writes
     * of 16 KB per second it serves, and the lab picks the smallest item size whose partition limit it can pass with
     * room to spare ({@link LoadSize#itemKbFor}): the same 2,000 write units per second, in fewer, larger writes.
     * On AWS, DynamoDB serves them, and the lab's 16 KB load is what its promises were judged for.
     */
    private LoadSize load(LabContext ctx, StepResult r) {
        LoadSize load = ctx.get("load");
        if (load != null) return load;
        if (!options.sizeLeftToLab() || ctx.target().kind() != Target.Kind.LOCAL) {
            load = options.load(options.itemKb());
        } else {
            double served = calibrate(ctx);
            int kb = LoadSize.itemKbFor(served);
            load = options.load(kb);
            double needed = LoadSize.partitionWritesPerSecond(Options.DEFAULT_ITEM_KB) * LoadSize.HEADROOM;
            r.text(String.format(Locale.ROOT, "Calibration (over %d s, to the shard keys, where nothing throttles): this machine served"
                            + " %.0f writes/s of %d KB. One partition takes %.1f of them per second, and the lab wants the machine to"
                            + " serve %.0f times that (%.0f/s): the sharded run sends every write to DynamoDB Local, twice the limit, and"
                            + " a build on the same cores comes and goes. %s", CALIBRATION_SECONDS, served, Options.DEFAULT_ITEM_KB,
                    LoadSize.partitionWritesPerSecond(Options.DEFAULT_ITEM_KB), LoadSize.HEADROOM, needed,
                    kb == Options.DEFAULT_ITEM_KB
                            ? String.format(Locale.ROOT, "It did, so both runs write %d KB items at %.0f/s (%,.0f write units/s).",
                                    kb, load.rate(), load.units())
                            : String.format(Locale.ROOT, "It did not, so both runs write the same %,.0f write units/s in fewer, larger"
                                    + " items: %d KB at %s/s (one partition takes %s/s of them). A throttled write is answered before it"
                                    + " costs DynamoDB Local any work, so a busy machine can still push one key past its limit.",
                                    load.units(), kb, rate(load.rate()), rate(LoadSize.partitionWritesPerSecond(kb)))));
        }
        ctx.put("load", load);
        return load;
    }

    /**
     * Writes of 16 KB per second this machine completes, measured on the shard keys (then deleted): the median of the
     * seconds after the first, which pays for the JVM's and the connections' warm-up and is not what the runs will see.
     */
    private double calibrate(LabContext ctx) {
        ShardRange range = shards(Options.DEFAULT_SHARDS);
        ctx.console().info(String.format(Locale.ROOT, "Calibrating: %.0f writes/s of %d KB for %d s over %d shard keys, to size the load to this machine...",
                CALIBRATION_RATE, Options.DEFAULT_ITEM_KB, CALIBRATION_SECONDS, range.count()));
        WriteLoad.Settings probe = new WriteLoad.Settings(CALIBRATION_RATE, CALIBRATION_SECONDS, Options.DEFAULT_ITEM_KB * 1024,
                range.count(), options.inFlight);
        WriteLoad.Result p = WriteLoad.run("calibration", ctx.dynamoAsync(), ctx.personalTable(), range::keyFor, probe, ctx.console());
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String k : p.written()) {
            String[] kv = k.split("\\|", 2);
            keys.add(Map.of("PK", AttributeValue.fromS(kv[0]), "SK", AttributeValue.fromS(kv[1])));
        }
        if (!keys.isEmpty()) new BatchWriter(ctx.dynamoAsync(), 4).deleteAll(ctx.personalTable(), keys, n -> { });
        return served(p.succeededPerSecond(), CALIBRATION_SECONDS);
    }

    /** The median of the completions in seconds 1 .. seconds-1 of a load (second 0 is the warm-up). */
    static double served(long[] perSecond, int seconds) {
        int to = Math.min(seconds, perSecond.length);
        if (to <= 1) return to == 1 ? perSecond[0] : 0;
        long[] warm = java.util.Arrays.copyOfRange(perSecond, 1, to);
        java.util.Arrays.sort(warm);
        return warm.length % 2 == 1 ? warm[warm.length / 2] : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2.0;
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? String.format(Locale.ROOT, "%.0f", perSecond) : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static final double LIMIT = DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND;

    // ---------------------------------------------------------------- step 1

    private void hotKey(LabContext ctx, StepResult r) {
        int removed = cleanup(ctx);
        r.text("Removed " + removed + " item(s) left by an earlier run, so every run starts from the same table.");
        LoadSize load = load(ctx, r);
        ctx.put("loadStart", Instant.now());
        WriteLoad.Settings s = options.settings(load);
        ctx.console().info(String.format(Locale.ROOT, "Writing %s items/s of %d KB for %d s at one key (%s) in %s...",
                rate(s.rate()), load.itemKb(), s.seconds(), HOT_KEY, ctx.personalTable()));
        Meter.Measured<WriteLoad.Result> m = ctx.meter().measure("single key",
                () -> WriteLoad.run("single key", ctx.dynamoAsync(), ctx.personalTable(), i -> HOT_KEY, s, ctx.console()));
        WriteLoad.Result single = m.value();
        ctx.put("single", single);
        ctx.put("singleEnd", Instant.now());
        ctx.put("singleMeasurement", m.measurement());
        r.table("The single-key run, as the client saw it", results(List.of(single)));
        r.table("ThrottlingReasons of every throttled attempt, read from DynamoDB's error bodies", reasons(m.throttlingReasons(),
                "(none: no attempt was throttled)"));
        r.text(String.format(Locale.ROOT, "The SDK saw %d throttled attempts (the lab's meter counted %d) and retried them with "
                        + "its own backoff; %d writes still failed after the last retry%s.",
                single.throttledAttempts(), m.measurement().throttled(), single.failed(),
                single.reasons().isEmpty() ? "" : " " + single.reasons()));
        String promise = "the single-key run was throttled";
        String figures = String.format(Locale.ROOT, "%s of first attempts throttled; offered %s writes/s of %d KB, %,.0f write units/s"
                        + " against a partition's %,.0f", pct(single.firstAttemptThrottledShare()), rate(single.offeredPerSecond()),
                load.itemKb(), single.offeredPerSecond() * load.itemKb(), LIMIT);
        if (load.units() <= LIMIT) {
            // A what-if under the limit: the lab's promise is not in question, the model's answer is the result.
            r.text(String.format(Locale.ROOT, "What-if: %,.0f write units/s at one key, within a partition's %,.0f: %s.", load.units(),
                    LIMIT, figures));
        } else if (single.throttledAttempts() > 0) {
            r.check(promise, true, figures);
        } else if (single.offeredPerSecond() * load.itemKb() <= LIMIT) {
            String why = String.format(Locale.ROOT, "your machine offered %s writes/s; a partition takes %s/s of %d KB items"
                            + " (%,.0f write units/s), so nothing was over the limit to throttle", rate(single.offeredPerSecond()),
                    rate(LoadSize.partitionWritesPerSecond(load.itemKb())), load.itemKb(), LIMIT);
            r.text("This machine could not offer the load: " + why + ". Every write went to DynamoDB Local and waited for a"
                    + " busy core (latency p50 " + String.format(Locale.ROOT, "%.0f ms", single.p50Millis()) + "). Here is the capacity"
                    + " model's answer for the load the lab asked for, in simulated time (`" + simulateCommand(ctx, load) + "`):");
            simulateView(r, load, 1, "S:" + HOT_KEY + "#");
            r.notShown(promise, why);
        } else {
            r.check(promise, false, figures);
        }
    }

    /** The --simulate command for the load this run asked for. */
    private String simulateCommand(LabContext ctx, LoadSize load) {
        return "workshop hot-partitions --id " + ctx.id() + " --simulate --seconds " + options.seconds()
                + (load.itemKb() == Options.DEFAULT_ITEM_KB && Math.abs(load.units() - LoadSize.LAB_UNITS) < 1e-6 ? ""
                : " --item-kb " + load.itemKb() + (Math.abs(load.units() - LoadSize.LAB_UNITS) < 1e-6 ? "" : " --rate " + rate(load.rate())));
    }

    // ---------------------------------------------------------------- step 2

    private void sharded(LabContext ctx, StepResult r) {
        ShardRange range = shards(options.shards);
        LoadSize load = load(ctx, r);
        WriteLoad.Settings s = options.settings(load);
        ctx.put("shardedStart", Instant.now());
        ctx.console().info(String.format(Locale.ROOT, "Writing %s items/s of %d KB for %d s over %d shards (%s)...",
                rate(s.rate()), load.itemKb(), s.seconds(), range.count(), range));
        Meter.Measured<WriteLoad.Result> m = ctx.meter().measure("sharded",
                () -> WriteLoad.run("sharded", ctx.dynamoAsync(), ctx.personalTable(), range::keyFor, s, ctx.console()));
        WriteLoad.Result sharded = m.value();
        ctx.put("sharded", sharded);
        ctx.put("loadEnd", Instant.now());
        WriteLoad.Result single = ctx.get("single");
        List<WriteLoad.Result> both = single == null ? List.of(sharded) : List.of(single, sharded);
        r.table("Side by side: the same load, one key against " + range.count() + " shards", results(both));
        Measurement singleM = ctx.get("singleMeasurement");
        if (singleM != null) r.compare("What the lab's meter counted", singleM, m.measurement());
        double singleShare = single == null ? 1 : single.firstAttemptThrottledShare();
        double shardedShare = sharded.firstAttemptThrottledShare();
        String promise = "the sharded run was not throttled (or far less)";
        boolean passed = shardedShare < 0.01 || shardedShare <= singleShare / 10;
        String figures = pct(shardedShare) + " of first attempts throttled, against " + pct(singleShare) + " with one key";
        double offeredUnits = sharded.offeredPerSecond() * load.itemKb();
        if (passed && load.units() > LIMIT && offeredUnits <= LIMIT) {
            // Unthrottled proves nothing when one key would not have been throttled either.
            r.notShown(promise, String.format(Locale.ROOT, "your machine offered %s writes/s of %d KB, %,.0f write units/s, within one"
                    + " partition's %,.0f: one key would not have been throttled either, so this run cannot show what sharding changes (%s)",
                    rate(sharded.offeredPerSecond()), load.itemKb(), offeredUnits, LIMIT, figures));
        } else {
            r.check(promise, passed, figures);
        }
    }

    // ---------------------------------------------------------------- step 3

    private void scatterGather(LabContext ctx, StepResult r) {
        ShardRange range = shards(options.shards);
        WriteLoad.Result sharded = ctx.get("sharded");
        Set<String> read = new HashSet<>();
        Measurement m = ctx.meter().measureRun("scatter-gather", () -> {
            for (String key : range.keys()) read.addAll(queryKeys(ctx, key));
        }).withItems(0);
        m = m.withItems(read.size());
        Set<String> written = sharded == null ? Set.of() : sharded.written();
        Set<String> missing = new HashSet<>(written);
        missing.removeAll(read);
        Table t = new Table("shard range", "queries", "items read", "items written", "missing");
        t.right(1, 2, 3, 4);
        t.row(range.toString(), range.count(), read.size(), written.size(), missing.size());
        r.table("One Query per shard key, from the same ShardRange the writer used", t);
        r.measured(m);
        r.check("the scatter-gather read every item written", !written.isEmpty() && missing.isEmpty(),
                read.size() + " read, " + written.size() + " written, " + missing.size() + " missing");
    }

    private static Set<String> queryKeys(LabContext ctx, String pk) {
        Set<String> out = new HashSet<>();
        QueryRequest q = QueryRequest.builder().tableName(ctx.personalTable())
                .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .projectionExpression("PK, SK").consistentRead(true).build();
        for (Map<String, AttributeValue> item : ctx.dynamo().queryPaginator(q).items()) out.add(item.get("PK").s() + "|" + item.get("SK").s());
        return out;
    }

    // ---------------------------------------------------------------- step 4

    private void metrics(LabContext ctx, StepResult r) throws InterruptedException {
        Instant from = ctx.get("loadStart");
        Instant to = ctx.get("loadEnd");
        if (from == null || to == null) {
            r.text("No load ran in this session (run the whole lab to see its metrics).");
            return;
        }
        Instant singleEnd = ctx.get("singleEnd") == null ? from : ctx.get("singleEnd");
        Instant shardedStart = ctx.get("shardedStart") == null ? to : ctx.get("shardedStart");
        Instant until = to.plusSeconds(60);
        MetricsSource source = metricsSource.apply(ctx.target());
        MetricsReport report;
        String missing = null;
        try {
            if (source.delayed() && !options.noWait) {
                Waited w = waitForBothRuns(ctx, source, new Instant[] {from, singleEnd, shardedStart, to}, until);
                report = w.report();
                missing = w.missing();
            } else {
                report = MetricsReport.fetch(source, ctx.personalTable(), null, from, until);
                if (!source.delayed() && ctx.target().kind() == Target.Kind.LOCAL && report.totals().empty()) {
                    // Another process owns the local server and saves its metrics every two seconds.
                    Thread.sleep(2_500);
                    report = MetricsReport.fetch(source, ctx.personalTable(), null, from, until);
                }
            }
        } catch (SdkException e) {
            rethrowIfCredentials(e);
            report = null;
            missing = answered(e);
        }
        if (report == null) {
            // A soft result: the loads ran and their checks stand; only the late view is missing.
            r.text("Metrics not available yet (" + missing + "): run `" + metricsCommand(ctx, from) + "` in a minute.");
            return;
        }
        r.text("From " + source.describe() + ", minute by minute, for " + ctx.personalTable() + ":");
        r.table(null, report.table());
        r.text(MetricsReport.legend());
        StringBuilder chart = new StringBuilder();
        for (String line : report.chart().lines()) chart.append("    ").append(line).append('\n');
        r.text(chart.toString());
        r.text(report.costLine());
        if (missing != null) {
            r.text("CloudWatch had not published " + missing + " yet: run `" + metricsCommand(ctx, from) + "` in a minute to see it.");
        }
        WriteLoad.Result single = ctx.get("single");
        WriteLoad.Result sharded = ctx.get("sharded");
        if (single != null && sharded != null) {
            r.text(String.format(Locale.ROOT, "Client-side, for comparison: %d throttled attempts in the single-key run, %d in the sharded run.",
                    single.throttledAttempts(), sharded.throttledAttempts()));
        }
        if (!source.delayed()) {
            String counted = String.format(Locale.ROOT, "%.0f WriteThrottleEvents, %.0f of them WriteKeyRangeThroughputThrottleEvents",
                    report.totals().get(MetricNames.WRITE_THROTTLE_EVENTS), report.totals().get(MetricNames.WRITE_KEY_RANGE_THROTTLE_EVENTS));
            if (single != null && single.throttledAttempts() == 0 && report.totals().get(MetricNames.WRITE_THROTTLE_EVENTS) == 0) {
                // The client saw no throttle either (step 1 says why): there was nothing for the metrics to count.
                r.notShown("the table's metrics counted the throttles", "no attempt was throttled in this run (" + counted + ")");
            } else {
                r.check("the table's metrics counted the throttles", report.totals().get(MetricNames.WRITE_THROTTLE_EVENTS) > 0, counted);
            }
        }
    }

    /** "CloudWatch answered Throttling: Rate exceeded": the service that answered, its code and its words. */
    private static String answered(SdkException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().serviceName() + " answered " + a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        return "CloudWatch could not be asked: " + e.getMessage();
    }

    /** What shows the load's minutes later, from the first one to now. */
    private static String metricsCommand(LabContext ctx, Instant from) {
        long minutes = Math.max(5, Duration.between(from, Instant.now()).toMinutes() + 3);
        return "workshop metrics --id " + ctx.id() + " --minutes " + minutes;
    }

    /** Expired or refused credentials are the session's problem (exit 3 with the login command), not a late metric. */
    private static void rethrowIfCredentials(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof dev.workshop.WorkshopException) throw e;
        }
        if (e instanceof AwsServiceException a && (a.statusCode() == 403 || (a.awsErrorDetails() != null
                && List.of("ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException")
                .contains(a.awsErrorDetails().errorCode())))) throw e;
    }

    private record Waited(MetricsReport report, String missing) {}

    /**
     * CloudWatch publishes DynamoDB's metrics minutes late. Waits (at most {@link #maxWait}, with a countdown on
     * stderr) until the minutes of both runs have a ConsumedWriteCapacityUnits datapoint, asking once per poll: one
     * GetMetricData call per poll, and polls jittered so that a room doing this step together spreads its calls. A
     * refused call (CloudWatch throttling) is a poll without news; only the deadline ends the wait.
     *
     * @param runs single-key start and end, sharded start and end
     */
    private Waited waitForBothRuns(LabContext ctx, MetricsSource source, Instant[] runs, Instant until) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        MetricsReport report = null;
        SdkException last = null;
        boolean single = false;
        boolean sharded = false;
        while (true) {
            try {
                report = MetricsReport.fetch(source, ctx.personalTable(), null, runs[0], until);
                single = report.hasDatapoint(MetricNames.CONSUMED_WRITE, runs[0], runs[1]);
                sharded = report.hasDatapoint(MetricNames.CONSUMED_WRITE, runs[2], runs[3]);
                last = null;
            } catch (SdkException e) {
                rethrowIfCredentials(e);
                last = e;
            }
            if (single && sharded) break;
            long pollNanos = (long) (poll.toNanos() * (0.75 + 0.5 * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
            long wakeAt = Math.min(deadline, System.nanoTime() + pollNanos);
            if (System.nanoTime() >= deadline) break;
            String status = "single-key run " + (single ? "in" : "not yet") + ", sharded run " + (sharded ? "in" : "not yet")
                    + (last != null ? ", CloudWatch refused the last request" : "");
            if (!ctx.console().interactive()) {
                ctx.console().err().println("Waiting for CloudWatch's datapoints (" + status + "): " + left(deadline) + " left at most.");
                ctx.console().err().flush();
            }
            while (System.nanoTime() < wakeAt) {
                if (ctx.console().interactive()) {
                    ctx.console().err().print("\rWaiting for CloudWatch's datapoints (" + status + "): " + left(deadline)
                            + " left at most; Ctrl-C or --no-wait to skip\u001b[K");
                    ctx.console().err().flush();
                }
                Thread.sleep(Math.max(1, Math.min(1_000, (wakeAt - System.nanoTime()) / 1_000_000)));
            }
        }
        if (ctx.console().interactive()) ctx.console().err().println();
        if (report == null) throw last;
        String missing = single && sharded ? null : !single && !sharded ? "the minutes of either run"
                : !single ? "the single-key run's minutes" : "the sharded run's minutes";
        return new Waited(report, missing);
    }

    private static String left(long deadline) {
        long s = Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    // ---------------------------------------------------------------- simulation

    /** What a simulated step is about to model, in the terms of the load it was given. */
    private String simulated(int keys) {
        double units = options.rate() * options.itemKb();
        double perKey = units / keys;
        String load = String.format(Locale.ROOT, "%,.0f writes/s of %d KB (%,.0f write units/s)", options.rate(), options.itemKb(), units);
        String where = keys == 1 ? "at one partition key" : String.format(Locale.ROOT, "over %d keys, %,.0f write units/s per key", keys, perKey);
        String verdict = perKey > LIMIT
                ? String.format(Locale.ROOT, "Each key asks more than a partition's %,.0f write units/s, so the model throttles it.", LIMIT)
                : String.format(Locale.ROOT, "Each key stays under a partition's %,.0f write units/s; whether a partition throttles depends on "
                        + "how many of the keys land on it.", LIMIT);
        return "Simulated, not run: the capacity model alone, " + options.seconds() + " s of " + load + " " + where
                + " on a new on-demand table. " + verdict + " The chart shows it minute by minute.";
    }

    private void simulate(StepResult r, int keys, String keyPrefix, boolean hot) {
        double s = simulateView(r, options.load(options.itemKb()), keys, keyPrefix);
        if (!options.defaultLoad(hot)) {
            // A what-if: the model's answer is the result; the lab's promises were made for its own load.
            r.text(String.format(Locale.ROOT, "What-if: %.0f write units/s per key against %.0f per partition: %s of requests throttled.",
                    options.rate() * options.itemKb() / keys, LIMIT, pct(s)));
        } else if (hot) {
            r.check("the single-key run was throttled", s > 0, pct(s) + " of requests throttled");
        } else {
            r.check("the sharded run was not throttled (or far less)", s < 0.01, pct(s) + " of requests throttled");
        }
    }

    /** The capacity model alone, in simulated time, for {@code load} over {@code keys} keys: a chart and a total; returns the throttled share. */
    private double simulateView(StepResult r, LoadSize load, int keys, String keyPrefix) {
        int seconds = options.seconds();
        long t0 = System.nanoTime();
        Workload w = Workload.writes("ws-att-simulated", load.rate(), load.itemKb() * 1024L - 64, keys, Duration.ofSeconds(seconds));
        // Keys are named as the gateway sees the lab's (type-prefixed), so they land on the same partitions.
        SimulationResult result = Simulation.run(TableSpec.onDemand("ws-att-simulated"), w.keyPrefix(keyPrefix));
        double ms = (System.nanoTime() - t0) / 1e6;
        List<String> labels = new ArrayList<>();
        List<SimulationResult.Interval> intervals = seconds <= 120 ? result.perSecond() : result.perMinute();
        String unit = seconds <= 120 ? "s" : "min";
        double[] admitted = new double[intervals.size()];
        double[] throttled = new double[intervals.size()];
        for (int i = 0; i < intervals.size(); i++) {
            labels.add(String.format(Locale.ROOT, "%s %2d", unit, i + 1));
            admitted[i] = intervals.get(i).consumedUnits();
            throttled[i] = intervals.get(i).throttled();
        }
        StringBuilder chart = new StringBuilder();
        for (String line : new Chart(labels).series("ConsumedWriteCapacityUnits", '#', admitted)
                .series("throttled requests", '!', throttled).lines()) chart.append("    ").append(line).append('\n');
        SimulationResult.Interval total = result.total();
        r.text(String.format(Locale.ROOT, "Simulated %d s of %s writes/s of %d KB over %d key(s), in the capacity model alone (%.0f ms of real time):",
                seconds, rate(load.rate()), load.itemKb(), keys, ms));
        r.text(chart.toString());
        Table t = new Table("requests", "admitted", "throttled", "throttled share", "reasons");
        t.right(0, 1, 2, 3);
        t.row(total.attempted(), total.admitted(), total.throttled(), pct(share(total)), result.reasonCounts().toString());
        r.table(null, t);
        return share(total);
    }

    private static double share(SimulationResult.Interval i) {
        return i.attempted() == 0 ? 0 : (double) i.throttled() / i.attempted();
    }

    // ---------------------------------------------------------------- views and cleanup

    private static Table results(List<WriteLoad.Result> rs) {
        String[] headers = new String[rs.size() + 1];
        headers[0] = "";
        for (int i = 0; i < rs.size(); i++) headers[i + 1] = rs.get(i).label();
        Table t = new Table(headers);
        int[] right = new int[rs.size()];
        for (int i = 0; i < right.length; i++) right[i] = i + 1;
        t.right(right);
        t.row(row("writes offered/s", rs, x -> rate(x.offeredPerSecond())));
        t.row(row("writes succeeded", rs, x -> Long.toString(x.succeeded())));
        t.row(row("writes/s", rs, x -> String.format(Locale.ROOT, "%.0f", x.writesPerSecond())));
        t.row(row("failed after retries", rs, x -> Long.toString(x.failed())));
        t.row(row("first attempts throttled", rs, x -> pct(x.firstAttemptThrottledShare())));
        t.row(row("throttled attempts", rs, x -> Long.toString(x.throttledAttempts())));
        t.row(row("retries", rs, x -> Long.toString(x.retries())));
        t.row(row("latency p50", rs, x -> String.format(Locale.ROOT, "%.0f ms", x.p50Millis())));
        t.row(row("latency p99", rs, x -> String.format(Locale.ROOT, "%.0f ms", x.p99Millis())));
        return t;
    }

    private static Object[] row(String label, List<WriteLoad.Result> rs, java.util.function.Function<WriteLoad.Result, String> f) {
        Object[] row = new Object[rs.size() + 1];
        row[0] = label;
        for (int i = 0; i < rs.size(); i++) row[i + 1] = f.apply(rs.get(i));
        return row;
    }

    private static Table reasons(Map<String, Long> reasons, String none) {
        Table t = new Table("reason", "attempts");
        t.right(1);
        if (reasons.isEmpty()) t.row(none, 0);
        new java.util.TreeMap<>(reasons).forEach((k, v) -> t.row(k, v));
        return t;
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** Deletes what earlier runs wrote (the hot key and every shard key up to {@link #CLEANUP_SHARDS}). */
    private int cleanup(LabContext ctx) {
        List<String> pks = new ArrayList<>();
        pks.add(HOT_KEY);
        pks.addAll(shards(Math.max(CLEANUP_SHARDS, options.shards)).keys());
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String pk : pks) {
            for (String k : queryKeys(ctx, pk)) {
                String[] p = k.split("\\|", 2);
                keys.add(Map.of("PK", AttributeValue.fromS(p[0]), "SK", AttributeValue.fromS(p[1])));
            }
        }
        if (!keys.isEmpty()) new BatchWriter(ctx.dynamoAsync(), 4).deleteAll(ctx.personalTable(), keys, n -> { });
        return keys.size();
    }
}
