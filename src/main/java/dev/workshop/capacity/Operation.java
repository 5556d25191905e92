package dev.workshop.capacity;

public enum Operation {
    READ("Read"),
    WRITE("Write");

    /** The middle word of a throttling reason, e.g. Table<b>Write</b>KeyRangeThroughputExceeded. */
    final String reasonWord;

    Operation(String reasonWord) {
        this.reasonWord = reasonWord;
    }
}
