package dev.workshop.model;

import java.util.regex.Pattern;

/**
 * An attendee id: the one value that scopes everything an attendee owns (DESIGN invariant 1).
 * Lower case, digits and inner hyphens, 1 to 32 characters: '#' would escape the namespace,
 * upper case collides on DynamoDB Local (case-insensitive table names), and ws-att-ID must be a valid table name.
 */
public record AttendeeId(String value) implements Comparable<AttendeeId> {
    public static final String RULE =
            "1 to 32 characters: lower-case letters, digits and inner hyphens (no '#', no upper case, no leading or trailing '-')";
    private static final Pattern VALID = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$");

    public AttendeeId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidAttendeeIdException(value);
        }
    }

    public static AttendeeId of(String value) {
        return new AttendeeId(value);
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    /** The namespace prefix of every partition key this attendee owns in the shared table, trailing '#' included. */
    public String prefix() {
        return "ATT#" + value + "#";
    }

    /** The attendee's personal table. */
    public String personalTable() {
        return Tables.PERSONAL_PREFIX + value;
    }

    /**
     * Lab 5's scratch table, created with its indexes and deleted again within the lab. The '.' cannot occur in an
     * id, so no attendee's personal table (nor another attendee's scratch table) can have this name.
     */
    public String scratchTable() {
        return personalTable() + Tables.SCRATCH_SUFFIX;
    }

    @Override
    public int compareTo(AttendeeId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }

    /** Thrown for an id that breaks the rule; the CLI maps it to exit code 2. */
    public static final class InvalidAttendeeIdException extends IllegalArgumentException {
        private final String rejected;

        InvalidAttendeeIdException(String rejected) {
            super("Invalid attendee id " + (rejected == null ? "(none)" : "'" + printable(rejected) + "'") + ": an id is " + RULE + ".");
            this.rejected = rejected;
        }

        public String rejected() {
            return rejected;
        }

        private static String printable(String s) {
            StringBuilder b = new StringBuilder();
            s.codePoints().forEach(cp -> {
                if (cp < 0x20 || cp == 0x7f) b.append(String.format("\\u%04x", cp));
                else b.appendCodePoint(cp);
            });
            return b.toString();
        }
    }
}
