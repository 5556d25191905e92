package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.model.AttendeeId;
import org.junit.jupiter.api.Test;

/** Lab 1 end to end on the local target: all checks pass, twice, for two attendees side by side. */
class NoJoinsLabTest {
    @Test
    void twoAttendeesTwiceEachAllChecksPassAndNeitherSeesTheOther() {
        String shared = TestSupport.randomTable();
        String a = TestSupport.randomId("nja");
        String b = TestSupport.randomId("njb");
        for (int round = 1; round <= 2; round++) {
            for (String id : new String[] {a, b}) {
                String other = id.equals(a) ? b : a;
                TestSupport.Result r = TestSupport.run("no-joins", "--id", id, "--shared-table", shared, "--no-pause");
                assertEquals(0, r.exit(), r::toString);
                assertTrue(r.out().contains("✔ no-joins: 5 steps, all 11 checks passed."), r::toString);
                assertFalse(r.out().contains("✘"), r::toString);
                assertFalse(r.out().contains(AttendeeId.of(other).prefix()), "never shows the neighbour's items\n" + r);
                assertTrue(r.out().contains("Same answer, 12× fewer requests (12 → 1)"), r::toString);
                if (round == 1) {
                    assertTrue(r.err().contains("sets it up first"), "the first run bootstraps and says so\n" + r);
                    assertTrue(r.out().contains("write 78 rows"), r::toString);
                } else {
                    assertFalse(r.err().contains("sets it up first"), r::toString);
                    assertTrue(r.out().contains("Found the 78 rows from an earlier run"), "a second run says what it found\n" + r);
                }
            }
        }
    }

    @Test
    void oneStepRunsAloneEvenOnAFreshNamespace() {
        String shared = TestSupport.randomTable();
        String id = TestSupport.randomId("njs");
        TestSupport.Result r = TestSupport.run("no-joins", "--id", id, "--shared-table", shared, "--step", "4");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Step 4/5: Side by side"), r::toString);
        assertFalse(r.out().contains("Step 1/5"), r::toString);
        assertFalse(r.out().contains("Step 5/5"), r::toString);
        assertTrue(r.out().contains("✔ The single Query returns exactly the joined answer, item for item"), r::toString);
    }

    @Test
    void aStepOutsideTheLabIsAUsageErrorBeforeAnythingIsWritten() {
        String shared = TestSupport.randomTable();
        String id = TestSupport.randomId("njx");
        TestSupport.Result r = TestSupport.run("no-joins", "--id", id, "--shared-table", shared, "--step", "6");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("has steps 1 to 5; there is no step 6"), r::toString);
        assertTrue(r.err().contains("workshop no-joins --id " + id + " --step 1"), r::toString);
        assertFalse(r.err().contains("sets it up first"), "nothing bootstrapped for a usage error\n" + r);
        assertEquals("", r.out().replaceAll("(?m)^Target:.*\\n", ""), r::toString);
        assertEquals(2, TestSupport.run("no-joins", "--id", id, "--shared-table", shared, "--step", "0").exit());
    }
}
