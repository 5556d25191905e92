package dev.workshop.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Table waits poll quickly at first and back off to 5 s, instead of the SDK waiter's fixed 20 s between polls
 * (a table ready in 3 s cost 20 s), and end on the deadline rather than on the waiter's attempt count.
 */
class TableWaitTest {
    @Test
    void pollsStartWithinHalfASecondAndNeverWaitMoreThanFiveSeconds() {
        var backoff = Workspace.WAITING.backoffStrategyV2().orElseThrow();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Duration d = backoff.computeDelay(attempt);
            assertTrue(d.compareTo(Duration.ofSeconds(2)) <= 0, "poll " + attempt + " after " + d);
        }
        for (int attempt = 1; attempt <= 50; attempt++) {
            assertTrue(backoff.computeDelay(attempt).compareTo(Duration.ofSeconds(5)) <= 0);
        }
        assertEquals(Duration.ofMinutes(5), Workspace.WAITING.waitTimeout().orElseThrow());
        assertTrue(Workspace.WAITING.maxAttempts().orElseThrow() >= 5 * 60 * 4, "enough attempts for the whole deadline at the fastest poll");
    }
}
