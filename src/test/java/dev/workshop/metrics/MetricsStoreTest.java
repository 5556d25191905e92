package dev.workshop.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which minutes a window [from, to) holds: a minute counts when it starts before `to`. */
class MetricsStoreTest {
    private static final Instant MINUTE = Instant.parse("2026-12-02T14:07:00Z");

    @Test
    void theCurrentMinuteCountsFromItsFirstMillisecond() {
        MetricsStore store = MetricsStore.inMemory();
        store.add(MINUTE.plusMillis(200), "ws-att-a", null, "PutItem", MetricNames.WRITE_THROTTLE_EVENTS, 1);
        Instant from = MINUTE.minusSeconds(4 * 60);
        // A command run in the first second of the minute, just after the throttle it reports (it missed it before).
        assertEquals(Map.of(MINUTE, 1.0), store.series("ws-att-a", null, MetricNames.WRITE_THROTTLE_EVENTS, from, MINUTE.plusMillis(500)));
        assertEquals(Map.of(MINUTE, 1.0), store.series("ws-att-a", null, MetricNames.WRITE_THROTTLE_EVENTS, from, MINUTE.plusSeconds(59)));
        // A window that ends where the minute starts does not hold it.
        assertEquals(Map.of(), store.series("ws-att-a", null, MetricNames.WRITE_THROTTLE_EVENTS, from, MINUTE));
    }
}
