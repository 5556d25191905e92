package dev.workshop.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Policy strings: variable substitution and the '*' / '?' wildcards.
 *
 * <p>Variables ({@code ${aws:PrincipalTag/AttendeeId}}, {@code ${aws:username}}, ...) are read from the request
 * context; {@code ${*}}, {@code ${?}} and {@code ${$}} stand for a literal '*', '?' and '$'; {@code ${key, 'default'}}
 * supplies a value for a missing key ('' inside the default is one quote). A variable with no value leaves the
 * whole policy string unresolved: it then matches nothing ("there is no equal or like value").
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 *
 * <p>Undocumented, stricter choice: a value substituted from a variable is literal text, so a tag value of '*'
 * never becomes a wildcard.
 */
final class Patterns {
    private static final int MAX_CACHED = 10_000;
    private static final Map<String, Pattern> CASE_SENSITIVE = new ConcurrentHashMap<>();
    private static final Map<String, Pattern> CASE_INSENSITIVE = new ConcurrentHashMap<>();

    private Patterns() {}

    /** A policy string after substitution: its parts are literal text or the two wildcards. */
    record Resolved(String display, String regex, String arnRegex) {
        boolean matches(String value, boolean caseSensitive) {
            return compile(regex, caseSensitive).matcher(value).matches();
        }

        /**
         * Matches an ARN in a Resource element: "You can use wildcard characters (* and ?) within any ARN segment (the
         * parts separated by colons)... If the * wildcard is the last character of a resource ARN segment, it can expand
         * to match beyond the colon boundaries." So a '*' followed by more of its segment stops at ':'; a '*' that ends
         * its segment does not. Undocumented, stricter reading: '?' never matches ':'.
         * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
         */
        boolean matchesArn(String value) {
            return compile(arnRegex, true).matcher(value).matches();
        }

        private static Pattern compile(String regex, boolean caseSensitive) {
            // The gateway evaluates every attendee request: compiling the same few patterns again each time showed
            // in its profile. Patterns are few (the policy's strings, once per attendee), so the cache is
            // only emptied if something feeds it unbounded input.
            Map<String, Pattern> cache = caseSensitive ? CASE_SENSITIVE : CASE_INSENSITIVE;
            Pattern p = cache.get(regex);
            if (p != null) return p;
            if (cache.size() > MAX_CACHED) cache.clear();
            int flags = caseSensitive ? Pattern.DOTALL : Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            p = Pattern.compile(regex, flags);
            cache.put(regex, p);
            return p;
        }

        /** The substituted text, wildcards included as plain characters (for the Equals operators). */
        String text() {
            return display;
        }
    }

    /**
     * Substitutes variables in a policy string.
     *
     * @param variablesEnabled false for policies without Version 2012-10-17, where '${' is plain text
     * @return empty when a variable has no value and no default
     */
    static Optional<Resolved> resolve(String policyValue, RequestContext ctx, boolean variablesEnabled) {
        StringBuilder display = new StringBuilder();
        StringBuilder regex = new StringBuilder();
        StringBuilder arn = new StringBuilder();
        int i = 0;
        while (i < policyValue.length()) {
            char c = policyValue.charAt(i);
            if (variablesEnabled && c == '$' && i + 1 < policyValue.length() && policyValue.charAt(i + 1) == '{') {
                int end = policyValue.indexOf('}', i + 2);
                if (end < 0) {
                    appendLiteral(display, regex, arn, policyValue.substring(i));
                    break;
                }
                Optional<String> value = variable(policyValue.substring(i + 2, end), ctx);
                if (value.isEmpty()) return Optional.empty();
                appendLiteral(display, regex, arn, value.get());
                i = end + 1;
                continue;
            }
            if (c == '*') {
                display.append(c);
                regex.append(".*");
                boolean endsSegment = i + 1 == policyValue.length() || policyValue.charAt(i + 1) == ':';
                arn.append(endsSegment ? ".*" : "[^:]*");
            } else if (c == '?') {
                display.append(c);
                regex.append('.');
                arn.append("[^:]");
            } else {
                appendLiteral(display, regex, arn, String.valueOf(c));
            }
            i++;
        }
        return Optional.of(new Resolved(display.toString(), regex.toString(), arn.toString()));
    }

    private static void appendLiteral(StringBuilder display, StringBuilder regex, StringBuilder arn, String s) {
        display.append(s);
        if (!s.isEmpty()) {
            regex.append(Pattern.quote(s));
            arn.append(Pattern.quote(s));
        }
    }

    private static Optional<String> variable(String body, RequestContext ctx) {
        String name = body;
        String fallback = null;
        int comma = body.indexOf(',');
        if (comma >= 0) {
            name = body.substring(0, comma);
            String rest = body.substring(comma + 1).trim();
            if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
                fallback = rest.substring(1, rest.length() - 1).replace("''", "'");
            }
        }
        name = name.trim();
        switch (name) {
            case "*": return Optional.of("*");
            case "?": return Optional.of("?");
            case "$": return Optional.of("$");
            default: break;
        }
        List<String> values = ctx.values(name);
        // A multivalued key cannot be a variable: treated like a missing one.
        if (values.size() == 1) return Optional.of(values.get(0));
        return Optional.ofNullable(fallback);
    }

    /** Glob match with no variables (actions: case-insensitive). */
    static boolean glob(String pattern, String value, boolean caseSensitive) {
        return resolve(pattern, RequestContext.of("", ""), false).orElseThrow().matches(value, caseSensitive);
    }
}
