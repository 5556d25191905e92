package dev.workshop.labs;

/** One step of a lab: a title matching its guide section, and the action that runs the real DynamoDB calls. */
public record Step(String title, Action action) {
    @FunctionalInterface
    public interface Action {
        /** Runs the step, adding views, measurements and checks to the result. Throw only for errors, never for a failed check. */
        void run(LabContext ctx, StepResult result) throws Exception;
    }
}
