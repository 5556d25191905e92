package dev.workshop.labs;

/**
 * One step of a lab: a title matching its guide section, and the action that runs the real DynamoDB calls.
 *
 * @param narration what the step says before it runs, when the guide's section would not describe this run (a
 *     what-if simulation of another load); null: the guide's section
 */
public record Step(String title, Action action, String narration) {
    public Step(String title, Action action) {
        this(title, action, null);
    }

    @FunctionalInterface
    public interface Action {
        /** Runs the step, adding views, measurements and checks to the result. Throw only for errors, never for a failed check. */
        void run(LabContext ctx, StepResult result) throws Exception;
    }
}
