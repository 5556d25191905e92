package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.workshop.TestSupport;
import org.junit.jupiter.api.Test;

class SingleTableLabTest {
    @Test
    void runsEndToEnd() {
        String id = TestSupport.randomId("st");
        String shared = TestSupport.randomTable();
        TestSupport.Result r = TestSupport.run("single-table", "--id", id, "--shared-table", shared, "--no-pause");
        System.out.println(r);
        assertEquals(0, r.exit(), r::toString);
    }
}
