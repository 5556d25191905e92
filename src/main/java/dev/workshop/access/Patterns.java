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
    /**
     * Bounds for the caches below. The gateway evaluates every attendee request against the same few policy strings,
     * once per attendee for those with variables: parsing each string and compiling its patterns again every time
     * was most of the access filter's cost in its profile (GatewayBench#accessDecisionCost). Input a caller makes up
     * (a request's values are never parsed here, only the policy's strings) could grow them, so each is emptied when full.
     */
    private static final int MAX_TEMPLATES = 10_000;
    private static final int MAX_RESOLVED_PER_TEMPLATE = 1_000;
    private static final Map<String, Template> WITH_VARIABLES = new ConcurrentHashMap<>();
    private static final Map<String, Template> WITHOUT_VARIABLES = new ConcurrentHashMap<>();
    private static final RequestContext NO_CONTEXT = RequestContext.of("", "");

    private Patterns() {}

    /** A policy string after substitution: its parts are literal text or the two wildcards. */
    static final class Resolved {
        private final String display;
        private final String regex;
        private final String arnRegex;
        /** The literal text before a single trailing '*', or all of it when there is no wildcard; else null. */
        private final String literal;
        private final boolean trailingStar;
        private volatile Pattern caseSensitive;
        private volatile Pattern caseInsensitive;
        private volatile Pattern arn;

        Resolved(String display, String regex, String arnRegex, String literal, boolean trailingStar) {
            this.display = display;
            this.regex = regex;
            this.arnRegex = arnRegex;
            this.literal = literal;
            this.trailingStar = trailingStar;
        }

        /**
         * Most policy strings have no wildcard or one '*' at the end (an action, a table ARN, ATT#id#*): those are an
         * equality or a prefix test, with no regular expression. The gateway decides each attendee request with the
         * request's work for DynamoDB Local between two decisions; measured in place, a regex's node graph was the
         * costliest part of the decision there, far more than in a tight loop.
         */
        private boolean literally(String value, boolean caseSensitive) {
            if (trailingStar) {
                return value.length() >= literal.length() && value.regionMatches(!caseSensitive, 0, literal, 0, literal.length());
            }
            return caseSensitive ? literal.equals(value) : literal.equalsIgnoreCase(value);
        }

        boolean matches(String value, boolean caseSensitive) {
            if (literal != null) return literally(value, caseSensitive);
            Pattern p = caseSensitive ? this.caseSensitive : caseInsensitive;
            if (p == null) {
                p = compile(regex, caseSensitive);
                if (caseSensitive) this.caseSensitive = p;
                else caseInsensitive = p;
            }
            return p.matcher(value).matches();
        }

        /**
         * Matches an ARN in a Resource element: "You can use wildcard characters (* and ?) within any ARN segment (the
         * parts separated by colons)... If the * wildcard is the last character of a resource ARN segment, it can expand
         * to match beyond the colon boundaries." So a '*' followed by more of its segment stops at ':'; a '*' that ends
         * its segment does not. Undocumented, stricter reading: '?' never matches ':'.
         * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
         */
        boolean matchesArn(String value) {
            // A '*' that ends the string ends its segment, so it may cross ':' (".*"): a prefix test.
            if (literal != null) return literally(value, true);
            Pattern p = arn;
            if (p == null) arn = p = compile(arnRegex, true);
            return p.matcher(value).matches();
        }

        private static Pattern compile(String regex, boolean caseSensitive) {
            int flags = caseSensitive ? Pattern.DOTALL : Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            return Pattern.compile(regex, flags);
        }

        /** The substituted text, wildcards included as plain characters (for the Equals operators). */
        String text() {
            return display;
        }
    }

    /** One piece of a parsed policy string: literal text, a wildcard, or a variable's body (text: null for wildcards). */
    private record Part(Kind kind, String text) {
        /** STAR ends its ARN segment (it may cross ':'); STAR_IN_SEGMENT is followed by more of its segment. */
        enum Kind { LITERAL, STAR, STAR_IN_SEGMENT, QUESTION, VARIABLE }
    }

    /**
     * A policy string parsed once. Without variables it resolves to one constant; with them, to one resolution per
     * set of variable values (per attendee, for the workshop's policy), each compiling its patterns once.
     */
    private static final class Template {
        private final List<Part> parts;
        private final Resolved constant;
        private final Map<List<String>, Resolved> byValues = new ConcurrentHashMap<>();

        Template(List<Part> parts) {
            this.parts = parts;
            boolean variables = parts.stream().anyMatch(p -> p.kind() == Part.Kind.VARIABLE);
            this.constant = variables ? null : build(parts, List.of());
        }

        Optional<Resolved> resolve(RequestContext ctx) {
            if (constant != null) return Optional.of(constant);
            List<String> values = new java.util.ArrayList<>(2);
            for (Part p : parts) {
                if (p.kind() != Part.Kind.VARIABLE) continue;
                Optional<String> value = variable(p.text(), ctx);
                if (value.isEmpty()) return Optional.empty();
                values.add(value.get());
            }
            Resolved r = byValues.get(values);
            if (r == null) {
                if (byValues.size() >= MAX_RESOLVED_PER_TEMPLATE) byValues.clear();
                r = build(parts, values);
                byValues.put(List.copyOf(values), r);
            }
            return Optional.of(r);
        }

        private static Resolved build(List<Part> parts, List<String> values) {
            StringBuilder display = new StringBuilder();
            StringBuilder regex = new StringBuilder();
            StringBuilder arn = new StringBuilder();
            int v = 0;
            int wildcards = 0;
            for (int i = 0; i < parts.size(); i++) {
                Part p = parts.get(i);
                switch (p.kind()) {
                    case LITERAL, VARIABLE -> {
                        // A value substituted from a variable is literal text (see the class comment).
                        String text = p.kind() == Part.Kind.LITERAL ? p.text() : values.get(v++);
                        display.append(text);
                        if (!text.isEmpty()) {
                            regex.append(Pattern.quote(text));
                            arn.append(Pattern.quote(text));
                        }
                    }
                    case STAR, STAR_IN_SEGMENT -> {
                        wildcards++;
                        display.append('*');
                        regex.append(".*");
                        arn.append(p.kind() == Part.Kind.STAR ? ".*" : "[^:]*");
                    }
                    case QUESTION -> {
                        wildcards++;
                        display.append('?');
                        regex.append('.');
                        arn.append("[^:]");
                    }
                }
            }
            boolean trailingStar = wildcards == 1 && !parts.isEmpty() && parts.get(parts.size() - 1).kind() == Part.Kind.STAR;
            String literal = wildcards == 0 ? display.toString()
                    : trailingStar ? display.substring(0, display.length() - 1) : null;
            return new Resolved(display.toString(), regex.toString(), arn.toString(), literal, trailingStar);
        }
    }

    /**
     * Substitutes variables in a policy string.
     *
     * @param variablesEnabled false for policies without Version 2012-10-17, where '${' is plain text
     * @return empty when a variable has no value and no default
     */
    static Optional<Resolved> resolve(String policyValue, RequestContext ctx, boolean variablesEnabled) {
        Map<String, Template> cache = variablesEnabled ? WITH_VARIABLES : WITHOUT_VARIABLES;
        Template t = cache.get(policyValue);
        if (t == null) {
            if (cache.size() >= MAX_TEMPLATES) cache.clear();
            t = new Template(parse(policyValue, variablesEnabled));
            cache.put(policyValue, t);
        }
        return t.resolve(ctx);
    }

    /** Splits a policy string into literal runs, wildcards and variables. */
    private static List<Part> parse(String policyValue, boolean variablesEnabled) {
        List<Part> parts = new java.util.ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < policyValue.length()) {
            char c = policyValue.charAt(i);
            if (variablesEnabled && c == '$' && i + 1 < policyValue.length() && policyValue.charAt(i + 1) == '{') {
                int end = policyValue.indexOf('}', i + 2);
                if (end < 0) {
                    literal.append(policyValue, i, policyValue.length());
                    break;
                }
                flush(literal, parts);
                parts.add(new Part(Part.Kind.VARIABLE, policyValue.substring(i + 2, end)));
                i = end + 1;
                continue;
            }
            if (c == '*' || c == '?') {
                flush(literal, parts);
                boolean endsSegment = i + 1 == policyValue.length() || policyValue.charAt(i + 1) == ':';
                parts.add(new Part(c == '?' ? Part.Kind.QUESTION : endsSegment ? Part.Kind.STAR : Part.Kind.STAR_IN_SEGMENT, null));
            } else {
                literal.append(c);
            }
            i++;
        }
        flush(literal, parts);
        return List.copyOf(parts);
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (literal.length() == 0) return;
        parts.add(new Part(Part.Kind.LITERAL, literal.toString()));
        literal.setLength(0);
    }

    private static Optional<String> variable(String body, RequestContext ctx) {
        String name = variableName(body);
        String fallback = null;
        int comma = body.indexOf(',');
        if (comma >= 0) {
            String rest = body.substring(comma + 1).trim();
            if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
                fallback = rest.substring(1, rest.length() - 1).replace("''", "'");
            }
        }
        if (special(name)) return Optional.of(name);
        List<String> values = ctx.values(name);
        // A multivalued key cannot be a variable: treated like a missing one.
        if (values.size() == 1) return Optional.of(values.get(0));
        return Optional.ofNullable(fallback);
    }

    /**
     * The context keys a policy string's variables read (e.g. {@code aws:PrincipalTag/AttendeeId} for
     * {@code ATT#${aws:PrincipalTag/AttendeeId}#*}); none for the special variables ${*}, ${?} and ${$}.
     */
    static List<String> variableKeys(String policyValue, boolean variablesEnabled) {
        List<String> keys = new java.util.ArrayList<>();
        for (Part p : parse(policyValue, variablesEnabled)) {
            if (p.kind() != Part.Kind.VARIABLE) continue;
            String name = variableName(p.text());
            if (!special(name)) keys.add(name);
        }
        return keys;
    }

    /** A variable's key name: its body before any ", 'default'", trimmed. */
    private static String variableName(String body) {
        int comma = body.indexOf(',');
        return (comma < 0 ? body : body.substring(0, comma)).trim();
    }

    /** ${*}, ${?} and ${$} stand for the character itself; they read no key. */
    private static boolean special(String name) {
        return name.equals("*") || name.equals("?") || name.equals("$");
    }

    /** Glob match with no variables (actions: case-insensitive). */
    static boolean glob(String pattern, String value, boolean caseSensitive) {
        return resolve(pattern, NO_CONTEXT, false).orElseThrow().matches(value, caseSensitive);
    }
}
