package dev.workshop.labs;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a block of DynamoDB calls cost: API calls, HTTP round trips (retries included), consumed capacity per table
 * and index as DynamoDB reported it (ReturnConsumedCapacity INDEXES), throttled attempts, wall-clock latency,
 * and the number of items the calls returned.
 */
public record Measurement(String label, int calls, int roundTrips, int throttled, double readUnits, double writeUnits,
                          Map<String, Double> capacityByResource, double latencyMillis, int items) {

    public Measurement {
        capacityByResource = Map.copyOf(new TreeMap<>(capacityByResource));
    }

    public Measurement withItems(int n) {
        return new Measurement(label, calls, roundTrips, throttled, readUnits, writeUnits, capacityByResource, latencyMillis, n);
    }

    public Measurement withLabel(String l) {
        return new Measurement(l, calls, roundTrips, throttled, readUnits, writeUnits, capacityByResource, latencyMillis, items);
    }

    public double totalUnits() {
        return readUnits + writeUnits;
    }
}
