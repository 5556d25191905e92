package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

// Rules and examples: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
// and https://aws.amazon.com/dynamodb/pricing/provisioned/
class UnitsTest {

    @Test
    void readsRoundUpToFourKilobyteBlocks() {
        // "reading a 3,500-byte item consumes the same throughput as reading a 4 KB item"
        assertEquals(1.0, Units.readUnits(3_500, Consistency.STRONG));
        assertEquals(1.0, Units.readUnits(4_096, Consistency.STRONG));
        assertEquals(2.0, Units.readUnits(4_097, Consistency.STRONG));
        // "If you read a 10 KB item, DynamoDB rounds the item size to 12 KB"
        assertEquals(3.0, Units.readUnits(10 * 1024, Consistency.STRONG));
    }

    @Test
    void eventualIsHalfAndTransactionalIsDoubleForAnEightKilobyteItem() {
        // "an 8 KB item ... 2 read units for strongly consistent, 1 for eventually consistent, 4 for transactional"
        assertEquals(2.0, Units.readUnits(8 * 1024, Consistency.STRONG));
        assertEquals(1.0, Units.readUnits(8 * 1024, Consistency.EVENTUAL));
        assertEquals(4.0, Units.readUnits(8 * 1024, Consistency.TRANSACTIONAL));
        assertEquals(0.5, Units.readUnits(100, Consistency.EVENTUAL));
    }

    @Test
    void writesRoundUpToOneKilobyteAndTransactionsDouble() {
        assertEquals(1.0, Units.writeUnits(1, false));
        assertEquals(1.0, Units.writeUnits(1_024, false));
        assertEquals(2.0, Units.writeUnits(1_025, false));
        assertEquals(3.0, Units.writeUnits(2_500, false));
        assertEquals(6.0, Units.writeUnits(2_500, true));
    }

    @Test
    void anEmptyItemStillCostsOneBlock() {
        assertEquals(1.0, Units.writeUnits(0, false));
        assertEquals(0.5, Units.readUnits(0, Consistency.EVENTUAL));
        assertThrows(IllegalArgumentException.class, () -> Units.writeUnits(-1, false));
    }
}
