package dev.workshop.metrics;

import java.util.Locale;

/**
 * What consumed capacity would cost at on-demand prices. Prices are those of US East (N. Virginia), DynamoDB
 * Standard table class, from https://aws.amazon.com/dynamodb/pricing/on-demand/ after the on-demand price cut of
 * 1 November 2024 (checked against that page as we knew it in 2025; this machine cannot reach it, so treat the figure
 * as an estimate): $0.625 per million write request units and $0.125 per million read request units.
 */
public final class OnDemandCost {
    public static final double USD_PER_MILLION_WRITE_UNITS = 0.625;
    public static final double USD_PER_MILLION_READ_UNITS = 0.125;
    public static final String SOURCE = "us-east-1 on-demand, Standard class: $0.625 per million WRU, $0.125 per million RRU "
            + "(aws.amazon.com/dynamodb/pricing/on-demand, November 2024 prices)";

    /** The Region these prices are for. */
    public static final String PRICED_REGION = "us-east-1";

    private OnDemandCost() {}

    /**
     * Which prices the cost line used, naming the tables' Region when it is another: on-demand prices differ by Region
     * and this tool carries only us-east-1's, so it says so rather than pass them off as the Region's own.
     *
     * @param region the tables' Region, or null on the local target
     */
    public static String source(String region) {
        if (region == null || region.equals(PRICED_REGION)) return SOURCE;
        return SOURCE + "; your tables are in " + region + ", whose prices differ: see that Region on the same page";
    }

    public static double usd(double readUnits, double writeUnits) {
        return readUnits / 1e6 * USD_PER_MILLION_READ_UNITS + writeUnits / 1e6 * USD_PER_MILLION_WRITE_UNITS;
    }

    public static String format(double usd) {
        return usd < 0.01 ? String.format(Locale.ROOT, "$%.6f", usd) : String.format(Locale.ROOT, "$%.2f", usd);
    }
}
