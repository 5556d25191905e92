package dev.workshop.labs;

/** An outcome the lab promises, e.g. "the cross-tenant read was denied"; a failed check fails the lab (exit 1). */
public record Check(String promise, boolean passed, String detail) {
    public static Check of(String promise, boolean passed, String detail) {
        return new Check(promise, passed, detail);
    }
}
