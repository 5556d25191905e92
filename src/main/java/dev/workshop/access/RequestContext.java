package dev.workshop.access;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What IAM sees of one authorization request: the action, the resource ARN, and the request context keys
 * (service keys such as {@code dynamodb:LeadingKeys} and principal keys such as
 * {@code aws:PrincipalTag/AttendeeId}, {@code aws:userid}, {@code aws:username}). Policy variables are resolved
 * from the same keys. Key names are compared case-insensitively, as IAM does for condition key names ("Condition key
 * names are not case-sensitive", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html):
 * names that differ only in case are one key, holding the values given under each spelling, in order, without repeats.
 * A key mapped to an empty list counts as absent (a "null" value, for the Null operator and ...IfExists).
 */
public record RequestContext(String action, String resource, Map<String, List<String>> keys) {
    /**
     * Not an IAM key: what the request mapping derived where AWS's documentation is silent (one short phrase each).
     * The evaluator repeats it in its explanation, with the stricter reading it took. No policy can match it usefully.
     */
    public static final String UNDOCUMENTED = "workshop:UndocumentedReading";

    /**
     * A map built by this record's own {@code with...} methods, already merged by name and holding immutable lists:
     * taken as it is. Never handed out (callers see it wrapped unmodifiable), so no one else can hold or change it.
     * The gateway builds a context per authorization request; copying it twice showed in its profile.
     */
    private static final class Normalized extends TreeMap<String, List<String>> {
        Normalized(Map<String, List<String>> keys) {
            super(String.CASE_INSENSITIVE_ORDER);
            putAll(keys);
        }
    }

    public RequestContext {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        keys = Collections.unmodifiableMap(keys instanceof Normalized n ? n : merged(keys));
    }

    private static TreeMap<String, List<String>> merged(Map<String, List<String>> keys) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (keys != null) {
            keys.forEach((k, v) -> {
                List<String> values = v == null ? List.of() : List.copyOf(v);
                copy.merge(k, values, (a, b) -> List.copyOf(new java.util.LinkedHashSet<>(concat(a, b))));
            });
        }
        return copy;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public static RequestContext of(String action, String resource) {
        return new RequestContext(action, resource, Map.of());
    }

    /** The values of a key, or an empty list when the request does not carry it. */
    public List<String> values(String key) {
        List<String> v = keys.get(key);
        return v == null ? List.of() : v;
    }

    public boolean has(String key) {
        return !values(key).isEmpty();
    }

    public RequestContext with(String key, List<String> values) {
        Normalized copy = new Normalized(keys);
        copy.put(key, values == null ? List.of() : List.copyOf(values));
        return new RequestContext(action, resource, copy);
    }

    public RequestContext with(String key, String value) {
        return with(key, List.of(value));
    }

    /** This request with more keys; keys given here replace keys of the same name. */
    public RequestContext withAll(Map<String, List<String>> more) {
        Normalized copy = new Normalized(keys);
        more.forEach((k, v) -> copy.put(k, v == null ? List.of() : List.copyOf(v)));
        return new RequestContext(action, resource, copy);
    }
}
