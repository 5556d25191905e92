package dev.workshop.console;

/** "1 table", "2 tables": counts in sentences read like sentences. */
public final class Plural {
    private Plural() {}

    /** The count and the noun, with an s unless the count is one. */
    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
