package dev.workshop.workspace;

import dev.workshop.capacity.DynamoDbLimits;
import dev.workshop.labs.IndexCosts;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SampleData;
import dev.workshop.model.Tables;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * How much the shared table must take when a room seeds: the write units one attendee's bootstrap costs on the
 * table and on each GSI (from the sample data itself, at 1 KB per write unit), and the warm throughput to set so
 * that a whole room seeding within {@link #SEED_WINDOW_SECONDS} is served without waiting for on-demand scaling.
 *
 * <p>A new on-demand table and each new GSI start at 12,000 read and 4,000 write units per second; above that,
 * warm throughput is set at creation (CreateTable WarmThroughput, CloudFormation WarmThroughput)
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html).
 * Reads are sized at three times writes, the ratio of the on-demand defaults: the labs read what bootstrap wrote.
 * Warm throughput does not lift the 1,000 WCU/s limit of one partition key: one attendee's items share one
 * ByOwner key, which is why bootstrap also bounds what it has in flight and backs off.
 */
public final class RoomSizing {
    /**
     * A room that seeds "at once" starts within this many seconds of the facilitator's cue. One attendee's seed is
     * bounded by its one ByOwner key (1,000 WCU/s for 739 entries), so each takes about a second: ten seconds of
     * starts is ten seconds of the whole room's writes.
     */
    public static final int SEED_WINDOW_SECONDS = 10;

    private final int attendees;
    private final long itemsPerAttendee;
    private final long tableUnitsPerAttendee;
    private final Map<String, Long> indexUnitsPerAttendee;
    private final long bytesPerAttendee;

    private RoomSizing(int attendees, long items, long tableUnits, Map<String, Long> indexUnits, long bytes) {
        this.bytesPerAttendee = bytes;
        this.attendees = attendees;
        this.itemsPerAttendee = items;
        this.tableUnitsPerAttendee = tableUnits;
        this.indexUnitsPerAttendee = indexUnits;
    }

    /** Sized from a typical attendee's seed (an 8-character id; ids change item sizes by a few bytes). */
    public static RoomSizing of(int attendees) {
        if (attendees < 1) throw new IllegalArgumentException("a room has at least one attendee");
        AttendeeId id = AttendeeId.of("attendee");
        List<Map<String, AttributeValue>> items = KeyDesign.items(id, SampleData.generate(id), Instant.EPOCH);
        long table = 0;
        long bytes = 0;
        Map<String, Long> indexes = new LinkedHashMap<>();
        for (Tables.Index ix : Tables.SHARED_INDEXES) indexes.put(ix.name(), 0L);
        for (Map<String, AttributeValue> item : items) {
            table += units(IndexCosts.itemBytes(item));
            bytes += IndexCosts.itemBytes(item);
            for (Tables.Index ix : Tables.SHARED_INDEXES) {
                if (!item.containsKey(ix.pk()) || !item.containsKey(ix.sk())) continue; // sparse: not in this index
                indexes.merge(ix.name(), units(projectedBytes(item, ix)), Long::sum);
            }
        }
        return new RoomSizing(attendees, items.size(), table, indexes, bytes);
    }

    private static long units(long bytes) {
        return Math.max(1, (bytes + DynamoDbLimits.WRITE_BLOCK_BYTES - 1) / DynamoDbLimits.WRITE_BLOCK_BYTES);
    }

    private static long projectedBytes(Map<String, AttributeValue> item, Tables.Index ix) {
        if (ix.projection() == ProjectionType.ALL) return IndexCosts.itemBytes(item);
        Set<String> keys = Set.of(Tables.PK, Tables.SK, ix.pk(), ix.sk());
        Map<String, AttributeValue> projected = new LinkedHashMap<>();
        item.forEach((k, v) -> {
            if (keys.contains(k)) projected.put(k, v);
        });
        return IndexCosts.itemBytes(projected);
    }

    public int attendees() {
        return attendees;
    }

    public long itemsPerAttendee() {
        return itemsPerAttendee;
    }

    public long tableUnitsPerAttendee() {
        return tableUnitsPerAttendee;
    }

    public Map<String, Long> indexUnitsPerAttendee() {
        return indexUnitsPerAttendee;
    }

    /** The room's seeded data in the table (GSI copies and DynamoDB's per-item overhead not counted). */
    public long tableBytes() {
        return attendees * bytesPerAttendee;
    }

    /** What setup says the preparation costs, without prices this tool cannot check. */
    public String costNote() {
        String warm = aboveDefaults()
                ? String.format(java.util.Locale.ROOT, "warm throughput of %,d writes and %,d reads per second on the table (%,d and %,d on each GSI), "
                        + "above a new table's 4,000 and 12,000, is charged once when set (aws.amazon.com/dynamodb/pricing, warm throughput)",
                        tableWarmWrites(), tableWarmReads(), indexWarmWrites(), indexWarmReads())
                : "no warm throughput above a new table's defaults (4,000 writes and 12,000 reads per second), so nothing to pay for it";
        return String.format(java.util.Locale.ROOT, "Sized for %d attendees seeding within %d s (%,d write units on the table, %,d with its GSIs): %s; "
                        + "point-in-time recovery is charged per GB-month of table size, and the seeded data is about %.1f MB.",
                attendees, SEED_WINDOW_SECONDS, tableUnitsAsked(),
                tableUnitsAsked() + attendees * indexUnitsPerAttendee.values().stream().mapToLong(Long::longValue).sum(),
                warm, tableBytes() / 1e6);
    }

    /** Write units the whole room's bootstrap asks of the table. */
    public long tableUnitsAsked() {
        return attendees * tableUnitsPerAttendee;
    }

    public long tableWarmWrites() {
        return warmWrites(tableUnitsPerAttendee);
    }

    public long tableWarmReads() {
        return warmReads(tableWarmWrites());
    }

    /** The highest warm write throughput any GSI needs (one value serves every GSI in the template's parameters). */
    public long indexWarmWrites() {
        return warmWrites(indexUnitsPerAttendee.values().stream().mapToLong(Long::longValue).max().orElse(0));
    }

    public long indexWarmReads() {
        return warmReads(indexWarmWrites());
    }

    /** Whether the room needs more than a new on-demand table's defaults (pre-warming above them is charged). */
    public boolean aboveDefaults() {
        return tableWarmWrites() > DynamoDbLimits.NEW_ON_DEMAND_WRITE_UNITS_PER_SECOND
                || indexWarmWrites() > DynamoDbLimits.NEW_ON_DEMAND_WRITE_UNITS_PER_SECOND;
    }

    private long warmWrites(long unitsPerAttendee) {
        long perSecond = (attendees * unitsPerAttendee + SEED_WINDOW_SECONDS - 1) / SEED_WINDOW_SECONDS;
        return Math.max((long) DynamoDbLimits.NEW_ON_DEMAND_WRITE_UNITS_PER_SECOND, roundUp(perSecond));
    }

    private static long warmReads(long writes) {
        return Math.max((long) DynamoDbLimits.NEW_ON_DEMAND_READ_UNITS_PER_SECOND, 3 * writes);
    }

    /** To the next 500: the figure is an estimate, and round numbers read as one. */
    private static long roundUp(long v) {
        return (v + 499) / 500 * 500;
    }
}
