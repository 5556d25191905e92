package dev.workshop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleDataTest {
    /** "stb-sts4l7" drew no open P1 issue for c01 before the guarantee; CI failed on it with a 13-check lab 2. */
    @Test
    void everyCompanyOfEveryAttendeeHasAnUrgentIssue() {
        for (int k = 0; k < 3000; k++) {
            String id = k == 0 ? "stb-sts4l7" : "t-" + Integer.toString(k * 7919, 36);
            SampleData d = SampleData.generate(AttendeeId.of(id));
            for (SampleData.Company c : d.companies()) {
                assertTrue(d.issues().stream().anyMatch(i -> i.companyId().equals(c.id()) && i.isUrgent()), id + " " + c.id());
            }
        }
    }

    @Test
    void theSameIdGivesTheSameData() {
        assertEquals(SampleData.generate(AttendeeId.of("alice")), SampleData.generate(AttendeeId.of("alice")));
    }
}
