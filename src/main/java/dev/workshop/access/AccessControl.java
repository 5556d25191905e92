package dev.workshop.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The local gateway's IAM: given who is calling and the DynamoDB request, decide as AWS would with the
 * attendee policy, and say why. Pure: no SDK calls, no I/O.
 */
public final class AccessControl {
    /**
     * The identity policies that apply to one authorization request. A fixed list for one deployed policy; the local
     * gateway chooses by the resource, because every shared table it knows carries its own copy of the policy.
     */
    @FunctionalInterface
    public interface PolicySource {
        List<PolicyDocument> policiesFor(RequestContext request);
    }

    private final PolicySource policies;
    private final DynamoDbRequestMapper mapper;
    private final String account;

    public AccessControl(List<PolicyDocument> policies, DynamoDbRequestMapper mapper, String account) {
        this(fixed(policies), mapper, account);
    }

    public AccessControl(PolicySource policies, DynamoDbRequestMapper mapper, String account) {
        this.policies = policies;
        this.mapper = mapper;
        this.account = account;
    }

    private static PolicySource fixed(List<PolicyDocument> policies) {
        List<PolicyDocument> copy = List.copyOf(policies);
        return r -> copy;
    }

    /** The workshop's policy on the local target (us-east-1, account 000000000000). */
    public static AccessControl local(String sharedTable, AttendeePolicy.Variant variant, KeySchemaLookup keys) {
        return new AccessControl(List.of(AttendeePolicy.document(sharedTable, variant)),
                DynamoDbRequestMapper.local(keys), "000000000000");
    }

    /**
     * @param operation the DynamoDB operation, e.g. "Query" (the part of X-Amz-Target after the dot)
     * @param jsonBody  the request body as sent
     * @throws IllegalArgumentException when the body cannot be read as the operation's request
     */
    /** As {@link #decide(AccessPrincipal, String, String)}, for a body already parsed (the gateway parses once). */
    public AccessDecision decide(AccessPrincipal principal, String operation, JsonNode body) {
        if (principal.isAdmin() || !body.isObject()) return decide(principal, operation, body.toString());
        return evaluate(principal, mapper.map(operation, body));
    }

    public AccessDecision decide(AccessPrincipal principal, String operation, String jsonBody) {
        if (principal.isAdmin()) {
            // Decided before the body is read: the administrator is never denied, not even for a request the mapper
            // cannot read (DynamoDB itself then answers with its validation error).
            List<RequestContext> requests;
            try {
                requests = mapper.map(operation, jsonBody);
            } catch (IllegalArgumentException e) {
                requests = List.of(RequestContext.of("dynamodb:" + operation, "*"));
            }
            List<PolicyEvaluator.Evaluation> all = requests.stream()
                    .map(r -> new PolicyEvaluator.Evaluation(Decision.ALLOW, r, null, "allowed: administrator", List.of()))
                    .toList();
            return new AccessDecision(true, all, null);
        }
        return evaluate(principal, mapper.map(operation, jsonBody));
    }

    /**
     * The principal's context keys, made once per principal: the gateway asks on every attendee request, always for
     * one of a room's attendees. Bounded, for a caller that would bring endless principals.
     */
    private Map<String, List<String>> principalKeys(AccessPrincipal principal) {
        Map<String, List<String>> known = keysByPrincipal.get(principal);
        if (known != null) return known;
        // Names compared ignoring case, as in a RequestContext: the decision memo looks the policy's key names up here.
        java.util.TreeMap<String, List<String>> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(principal.contextKeys(account));
        Map<String, List<String>> keys = java.util.Collections.unmodifiableMap(byName);
        if (keysByPrincipal.size() < MAX_PRINCIPALS) keysByPrincipal.put(principal, keys);
        return keys;
    }

    private static final int MAX_PRINCIPALS = 1_024;
    private final DecisionMemo memo = new DecisionMemo();
    private final Map<AccessPrincipal, Map<String, List<String>>> keysByPrincipal = new java.util.concurrent.ConcurrentHashMap<>();

    private AccessDecision evaluate(AccessPrincipal principal, List<RequestContext> requests) {
        List<PolicyEvaluator.Evaluation> evaluations = new ArrayList<>(requests.size());
        String message = null;
        Map<String, List<String>> principalKeys = principalKeys(principal);
        for (RequestContext r : requests) {
            PolicyEvaluator.Evaluation e = memo.evaluate(policies.policiesFor(r), r, principalKeys);
            evaluations.add(e);
            if (!e.allowed() && message == null) message = message(principal, e);
        }
        return new AccessDecision(message == null, evaluations, message);
    }

    /**
     * AWS's access-denied wording: "User: ARN is not authorized to perform: ACTION on resource: RESOURCE because
     * no identity-based policy allows the ACTION action", or "... with an explicit deny in an identity-based policy".
     * See https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
     */
    public String message(AccessPrincipal principal, PolicyEvaluator.Evaluation e) {
        String action = e.request().action();
        String head = "User: " + principal.arn(account) + " is not authorized to perform: " + action
                + " on resource: " + e.request().resource();
        return e.decision() == Decision.EXPLICIT_DENY
                ? head + " with an explicit deny in an identity-based policy"
                : head + " because no identity-based policy allows the " + action + " action";
    }
}
