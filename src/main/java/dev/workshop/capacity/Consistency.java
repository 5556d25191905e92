package dev.workshop.capacity;

/** How a read is made; decides the multiplier on its 4 KB blocks (see {@link Units#readUnits}). */
public enum Consistency {
    EVENTUAL(0.5),
    STRONG(1),
    TRANSACTIONAL(2);

    final double unitsPerBlock;

    Consistency(double unitsPerBlock) {
        this.unitsPerBlock = unitsPerBlock;
    }
}
