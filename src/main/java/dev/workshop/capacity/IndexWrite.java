package dev.workshop.capacity;

/** The part of a base-table write that lands in one GSI: the item's GSI partition key and the units it costs there. */
public record IndexWrite(String index, String partitionKey, double units) {}
