package dev.workshop.access;

/** The outcome of evaluating identity policies for one request, as IAM names them. */
public enum Decision {
    /** A statement allowed the request and no statement denied it. */
    ALLOW,
    /** A Deny statement matched: nothing can override it. */
    EXPLICIT_DENY,
    /** No statement allowed the request (the default). */
    IMPLICIT_DENY;

    public boolean allowed() {
        return this == ALLOW;
    }
}
