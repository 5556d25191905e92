package dev.workshop.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shared table's sizing for a room, from the sample data each bootstrap writes. */
class RoomSizingTest {
    @Test
    void oneAttendeesSeedIsAbout740ItemsAndTwoThousandWriteUnits() {
        RoomSizing one = RoomSizing.of(1);
        assertEquals(739, one.itemsPerAttendee());
        assertTrue(one.tableUnitsPerAttendee() >= one.itemsPerAttendee(), "at least one unit an item");
        assertEquals(one.itemsPerAttendee(), one.indexUnitsPerAttendee().get("ByOwner"), "every item has a small ByOwner entry");
        assertFalse(one.aboveDefaults(), "one attendee fits a new on-demand table");
        assertEquals(4000, one.tableWarmWrites());
        assertEquals(12000, one.tableWarmReads());
    }

    @Test
    void aRoomOf150SeedingTogetherNeedsMoreThanANewTablesDefaults() {
        RoomSizing room = RoomSizing.of(150);
        long asked = room.tableUnitsAsked();
        assertEquals(150 * room.tableUnitsPerAttendee(), asked);
        long perSecond = (asked + RoomSizing.SEED_WINDOW_SECONDS - 1) / RoomSizing.SEED_WINDOW_SECONDS;
        assertTrue(perSecond > 4000, "150 attendees seeding within 10 s pass a new table's 4,000 WRU/s: " + perSecond);
        assertTrue(room.tableWarmWrites() >= perSecond && room.tableWarmWrites() < perSecond + 500, room.tableWarmWrites() + " for " + perSecond);
        assertEquals(3 * room.tableWarmWrites(), room.tableWarmReads());
        assertTrue(room.tableWarmReads() <= 40_000, "within the default per-table on-demand quota of 40,000 units/s");
        assertEquals(room.tableUnitsPerAttendee(), room.indexUnitsPerAttendee().get("ByOwner"), "ByOwner takes as many writes as the table");
        assertEquals(room.tableWarmWrites(), room.indexWarmWrites());
        assertTrue(room.aboveDefaults());
    }

    @Test
    void onAwsTheSharedTableIsCreatedWithWarmThroughputOnTheTableAndEveryIndexOnlyWhenTheRoomNeedsIt() {
        var aws = Workspace.sharedTableRequest("ws-shared", RoomSizing.of(150), dev.workshop.target.Target.Kind.AWS);
        assertEquals(RoomSizing.of(150).tableWarmWrites(), aws.warmThroughput().writeUnitsPerSecond());
        assertTrue(aws.globalSecondaryIndexes().stream().allMatch(g -> g.warmThroughput() != null
                && g.warmThroughput().writeUnitsPerSecond() == RoomSizing.of(150).indexWarmWrites()));
        assertEquals(null, Workspace.sharedTableRequest("ws-shared", RoomSizing.of(10), dev.workshop.target.Target.Kind.AWS).warmThroughput(),
                "ten attendees fit a new table: nothing to pay for");
        assertEquals(null, Workspace.sharedTableRequest("ws-shared", RoomSizing.of(150), dev.workshop.target.Target.Kind.LOCAL).warmThroughput(),
                "DynamoDB Local has no warm throughput");
    }
}
