package dev.workshop.target;

import dev.workshop.model.AttendeeId;

/**
 * Who a request acts as. On AWS the identity is the caller's own (their SSO role); on the local target the
 * gateway learns it from the request's SigV4 access key id, the same place IAM learns it from.
 */
public record Principal(Kind kind, AttendeeId attendee) {
    public enum Kind { ATTENDEE, ADMIN }

    private static final String ATTENDEE_KEY_PREFIX = "WSATTENDEE";
    private static final String ADMIN_KEY = "WSADMIN";

    public static Principal admin() {
        return new Principal(Kind.ADMIN, null);
    }

    public static Principal attendee(AttendeeId id) {
        return new Principal(Kind.ATTENDEE, id);
    }

    public boolean isAdmin() {
        return kind == Kind.ADMIN;
    }

    /**
     * The access key id the local target's clients sign with; {@link #fromAccessKeyId} reverses it. DynamoDB Local
     * accepts only letters and digits in access keys, so the id's hyphens travel as 'H' (ids are lower case).
     */
    public String localAccessKeyId() {
        return isAdmin() ? ADMIN_KEY : ATTENDEE_KEY_PREFIX + attendee.value().replace('-', 'H');
    }

    public static Principal fromAccessKeyId(String akid) {
        if (akid != null && akid.startsWith(ATTENDEE_KEY_PREFIX)) {
            String rest = akid.substring(ATTENDEE_KEY_PREFIX.length()).replace('H', '-');
            if (AttendeeId.isValid(rest)) return attendee(AttendeeId.of(rest));
        }
        // Anything else (our admin key, or a foreign client such as the AWS CLI pointed at the gateway) acts as admin:
        // the local target is a single-user sandbox, not a security boundary.
        return admin();
    }

    @Override
    public String toString() {
        return isAdmin() ? "administrator" : "attendee " + attendee.value();
    }
}
