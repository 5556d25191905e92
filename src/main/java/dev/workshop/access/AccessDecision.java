package dev.workshop.access;

import java.util.List;

/**
 * The verdict on one DynamoDB call: allowed only if every authorization request it makes is allowed.
 *
 * @param evaluations one per authorization request (one per table for batches, one per item for transactions)
 * @param message     null when allowed; otherwise DynamoDB's AccessDeniedException message for the first denied request
 */
public record AccessDecision(boolean allowed, List<PolicyEvaluator.Evaluation> evaluations, String message) {
    /** The __type DynamoDB sends with AccessDeniedException. */
    public static final String ERROR_TYPE = "com.amazon.coral.service#AccessDeniedException";

    public AccessDecision {
        evaluations = List.copyOf(evaluations);
    }

    /** The explanations of the denied requests (or, when allowed, of all of them), one a line. */
    public String explanation() {
        return String.join("\n", evaluations.stream()
                .filter(e -> allowed || !e.allowed())
                .map(e -> e.request().action() + " on " + e.request().resource() + ": " + e.explanation())
                .toList());
    }

    /** The JSON error body DynamoDB answers with (HTTP 400), e.g. for the gateway. */
    public String errorBody() {
        if (allowed) throw new IllegalStateException("the request was allowed");
        return "{\"__type\":\"" + ERROR_TYPE + "\",\"Message\":\"" + jsonEscape(message) + "\"}";
    }

    /** The string's JSON escaping, without the surrounding quotes. */
    static String jsonEscape(String s) {
        String q = dev.workshop.console.Json.quote(s);
        return q.substring(1, q.length() - 1);
    }
}
