package dev.workshop.labs;

import dev.workshop.model.KeyDesign;
import dev.workshop.target.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * An attendee's progress through one lab, kept in their own namespace: checks passed and failed per step, saved after
 * every step while the credentials that ran it still work (an SSO session that expires in step 4 has already saved
 * steps 1 to 3). A run started with {@code --from N} continues the saved steps before N, so a lab that stopped
 * half-way counts as passed once the rest passes.
 */
final class LabProgress {
    static final String PASSED = "PASSED";
    static final String FAILED = "FAILED";
    static final String PARTIAL = "PARTIAL";
    /** Every step ran and none failed, but a check could not be put to the test on this machine (see {@link Check}). */
    static final String NOT_SHOWN = "NOT_SHOWN";

    private final LabContext ctx;
    private final Lab lab;
    private final int steps;
    /** step number to {passed, failed, not shown here} */
    private final TreeMap<Integer, int[]> checks = new TreeMap<>();
    private boolean missingTableSaid;

    private LabProgress(LabContext ctx, Lab lab, int steps) {
        this.ctx = ctx;
        this.lab = lab;
        this.steps = steps;
    }

    /** A fresh run from step 1. */
    static LabProgress fresh(LabContext ctx, Lab lab, int steps) {
        return new LabProgress(ctx, lab, steps);
    }

    /** A run from step {@code from}: the saved results of the steps before it stand. */
    static LabProgress continuing(LabContext ctx, Lab lab, int steps, int from) {
        LabProgress p = new LabProgress(ctx, lab, steps);
        Map<String, AttributeValue> item;
        try {
            item = ctx.target().dynamo(Principal.attendee(ctx.id())).getItem(GetItemRequest.builder()
                    .tableName(ctx.sharedTable()).key(LabRunner.progressKey(ctx.id(), lab.name())).consistentRead(true).build()).item();
        } catch (ResourceNotFoundException e) {
            return p;
        }
        if (item == null) return p;
        Map<String, AttributeValue> passed = item.containsKey("StepPassed") ? item.get("StepPassed").m() : Map.of();
        Map<String, AttributeValue> failed = item.containsKey("StepFailed") ? item.get("StepFailed").m() : Map.of();
        Map<String, AttributeValue> notShown = item.containsKey("StepNotShown") ? item.get("StepNotShown").m() : Map.of();
        for (Map.Entry<String, AttributeValue> e : passed.entrySet()) {
            int step = Integer.parseInt(e.getKey());
            if (step >= from) continue;
            AttributeValue f = failed.get(e.getKey());
            AttributeValue ns = notShown.get(e.getKey());
            p.checks.put(step, new int[] {Integer.parseInt(e.getValue().n()), f == null ? 0 : Integer.parseInt(f.n()),
                    ns == null ? 0 : Integer.parseInt(ns.n())});
        }
        return p;
    }

    /** The results of step {@code n}, saved at once. */
    void stepDone(int n, int passed, int failed, int notShown) {
        checks.put(n, new int[] {passed, failed, notShown});
        save();
    }

    /** The last step done without a gap since step 1. */
    int through() {
        int k = 0;
        while (checks.containsKey(k + 1)) k++;
        return k;
    }

    String result() {
        if (checks.values().stream().anyMatch(c -> c[1] > 0)) return FAILED;
        if (through() != steps) return PARTIAL;
        return checks.values().stream().anyMatch(c -> c[2] > 0) ? NOT_SHOWN : PASSED;
    }

    private void save() {
        String result = result();
        Map<String, AttributeValue> item = KeyDesign.item(ctx.id(), KeyDesign.expiresFrom(ctx.clock().instant()),
                KeyDesign.progressPk(ctx.id()), "LAB#" + lab.name(), "Progress",
                "Lab", lab.name(), "Result", result, "At", ctx.clock().instant().toString());
        Map<String, AttributeValue> stepPassed = new HashMap<>();
        Map<String, AttributeValue> stepFailed = new HashMap<>();
        Map<String, AttributeValue> stepNotShown = new HashMap<>();
        int passed = 0;
        int failed = 0;
        int notShown = 0;
        for (Map.Entry<Integer, int[]> e : checks.entrySet()) {
            stepPassed.put(Integer.toString(e.getKey()), AttributeValue.fromN(Integer.toString(e.getValue()[0])));
            stepFailed.put(Integer.toString(e.getKey()), AttributeValue.fromN(Integer.toString(e.getValue()[1])));
            if (e.getValue()[2] > 0) stepNotShown.put(Integer.toString(e.getKey()), AttributeValue.fromN(Integer.toString(e.getValue()[2])));
            passed += e.getValue()[0];
            failed += e.getValue()[1];
            notShown += e.getValue()[2];
        }
        item.put("ChecksPassed", AttributeValue.fromN(Integer.toString(passed)));
        item.put("ChecksFailed", AttributeValue.fromN(Integer.toString(failed)));
        item.put("Through", AttributeValue.fromN(Integer.toString(through())));
        item.put("StepPassed", AttributeValue.fromM(stepPassed));
        item.put("StepFailed", AttributeValue.fromM(stepFailed));
        if (notShown > 0) {
            item.put("ChecksNotShown", AttributeValue.fromN(Integer.toString(notShown)));
            item.put("StepNotShown", AttributeValue.fromM(stepNotShown));
        }
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(ctx.sharedTable()).item(item);
        if (PARTIAL.equals(result)) {
            // A lab that passed stays passed while it is run again part of the way; a full run decides anew.
            put.conditionExpression("attribute_not_exists(#r) OR #r <> :passed")
                    .expressionAttributeNames(Map.of("#r", "Result"))
                    .expressionAttributeValues(Map.of(":passed", AttributeValue.fromS(PASSED)));
        }
        try {
            ctx.target().dynamo(Principal.attendee(ctx.id())).putItem(put.build());
        } catch (ConditionalCheckFailedException e) {
            // already passed: kept
        } catch (ResourceNotFoundException e) {
            // A lab that needs no workspace can run before the shared table exists; its result still stands.
            if (!missingTableSaid) {
                ctx.console().info("Progress not recorded: the shared table " + ctx.sharedTable() + " does not exist yet"
                        + " (workshop bootstrap --id " + ctx.id() + " creates it).");
                missingTableSaid = true;
            }
        }
    }
}
