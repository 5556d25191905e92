package dev.workshop.labs;

/**
 * An outcome the lab promises, e.g. "the cross-tenant read was denied". A failed check fails the lab (exit 1). A
 * check that could not be shown here is a third outcome: the machine could not produce the conditions the promise is
 * about (e.g. it could not offer a partition more than its limit), so the run neither proves nor refutes it. It is
 * shown as such, with the figures that say why, and does not fail the lab.
 */
public record Check(String promise, Verdict verdict, String detail) {
    public enum Verdict { PASSED, FAILED, NOT_SHOWN }

    public static Check of(String promise, boolean passed, String detail) {
        return new Check(promise, passed ? Verdict.PASSED : Verdict.FAILED, detail);
    }

    public static Check notShown(String promise, String detail) {
        return new Check(promise, Verdict.NOT_SHOWN, detail);
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    public boolean failed() {
        return verdict == Verdict.FAILED;
    }

    public boolean notShown() {
        return verdict == Verdict.NOT_SHOWN;
    }
}
