package dev.workshop.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluations remembered by everything {@link PolicyEvaluator} reads of a request: the policies, the action, the
 * resource, and the values of the context keys those policies name (their condition keys, the keys their policy
 * variables read) plus {@link RequestContext#UNDOCUMENTED}, which its explanations repeat. Two requests that agree on
 * all of these get the same decision and the same words, so the second is not evaluated again.
 *
 * <p>The local gateway decides every attendee request, and most of them repeat one: an attendee's own-table writes
 * depend only on the action, the table and the attendee's tag; a hot partition's writes name one key again and again.
 * Requests that name many keys (a batch over the shared table) rarely repeat and are large: they bypass the memo and
 * are evaluated every time. The memory is bounded: it starts again empty when full. Pure: no I/O.
 */
final class DecisionMemo {
    /** A room's attendees times the actions they repeat, with room to spare. */
    private static final int MAX_ENTRIES = 1_024;
    /**
     * The most characters of context values a remembered request may carry (the principal's few keys aside): an entry
     * keeps its request (the words are made from it on demand), so 1,024 entries stay within about 4 MB beside the
     * editor in a Codespace. A request that names many keys (a batch) is larger, and rarely repeats.
     */
    private static final int MAX_REMEMBERED_CHARS = 4_096;

    private final Map<Key, PolicyEvaluator.Evaluation> evaluations = new ConcurrentHashMap<>();
    private final Map<Same, List<String>> keysByPolicy = new ConcurrentHashMap<>();

    /**
     * The evaluation of {@code request} with {@code principalKeys} added (they replace request keys of the same name,
     * as {@link RequestContext#withAll} does), from memory when an equal request was decided before.
     *
     * @param principalKeys the principal's keys, in a map that compares names ignoring case, as IAM does, with no null
     *                      value (then a name looked up here is the name {@code withAll} replaces)
     */
    PolicyEvaluator.Evaluation evaluate(List<PolicyDocument> policies, RequestContext request, Map<String, List<String>> principalKeys) {
        // Too large to keep: not worth hashing its keys into a key and looking it up (a bootstrap batch, every time).
        if (!small(request)) return PolicyEvaluator.evaluate(policies, request.withAll(principalKeys));
        List<List<String>> values = new ArrayList<>();
        for (PolicyDocument p : policies) {
            for (String k : keysOf(p)) {
                List<String> v = principalKeys.get(k);
                values.add(v != null ? v : request.values(k));
            }
        }
        Key key = new Key(policies, request.action(), request.resource(), values);
        PolicyEvaluator.Evaluation known = evaluations.get(key);
        if (known != null) {
            // The words and the statements are the remembered ones: equal, since they read only what the key holds.
            return new PolicyEvaluator.Evaluation(known.decision(), request.withAll(principalKeys), known.decidingStatement(),
                    known.why(), known.statements());
        }
        PolicyEvaluator.Evaluation e = PolicyEvaluator.evaluate(policies, request.withAll(principalKeys));
        if (evaluations.size() >= MAX_ENTRIES) evaluations.clear();
        evaluations.put(key, e);
        return e;
    }

    private static boolean small(RequestContext request) {
        int chars = request.action().length() + request.resource().length();
        for (Map.Entry<String, List<String>> k : request.keys().entrySet()) {
            chars += k.getKey().length();
            for (String v : k.getValue()) chars += v.length();
            if (chars > MAX_REMEMBERED_CHARS) return false;
        }
        return true;
    }

    /** The context keys one policy reads, once per document (by identity: a document is immutable). */
    private List<String> keysOf(PolicyDocument policy) {
        Same same = new Same(policy);
        List<String> keys = keysByPolicy.get(same);
        if (keys != null) return keys;
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.add(RequestContext.UNDOCUMENTED);
        boolean vars = policy.variablesEnabled();
        for (Statement s : policy.statements()) {
            for (List<String> patterns : java.util.Arrays.asList(s.resources(), s.notResources())) {
                if (patterns == null) continue;
                for (String r : patterns) names.addAll(Patterns.variableKeys(r, vars));
            }
            for (Statement.Condition c : s.conditions()) {
                names.add(c.key());
                for (String v : c.values()) names.addAll(Patterns.variableKeys(v, vars));
            }
        }
        keys = List.copyOf(names);
        // An attendee may name any table, and a table the gateway does not know is governed by a policy of its own.
        if (keysByPolicy.size() >= MAX_ENTRIES) keysByPolicy.clear();
        keysByPolicy.put(same, keys);
        return keys;
    }

    /** A document compared by identity: a record's own equals would walk every statement on every request. */
    private record Same(PolicyDocument policy) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Same s && s.policy == policy;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(policy);
        }
    }

    /** What an evaluation reads; the policies compared by identity, one by one. */
    private record Key(List<PolicyDocument> policies, String action, String resource, List<List<String>> values) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.policies.size() != policies.size()) return false;
            for (int i = 0; i < policies.size(); i++) if (k.policies.get(i) != policies.get(i)) return false;
            return k.action.equals(action) && k.resource.equals(resource) && k.values.equals(values);
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (PolicyDocument p : policies) h = 31 * h + System.identityHashCode(p);
            return ((h * 31 + action.hashCode()) * 31 + resource.hashCode()) * 31 + values.hashCode();
        }
    }
}
