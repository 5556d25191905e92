package dev.workshop.access;

import dev.workshop.access.ConditionOperator.Base;
import dev.workshop.access.ConditionOperator.Qualifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Identity-policy evaluation as IAM documents it for a single account with no resource policies, boundaries,
 * SCPs or session policies: an explicit Deny beats any Allow, an Allow beats the default, and without an Allow
 * the request is implicitly denied.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * <p>Pure: no SDK calls, no I/O. Every decision comes with an explanation naming the statement (Sid) and the
 * condition that decided, in words an attendee can act on.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /** Why one statement did or did not apply to the request. */
    public enum Outcome { MATCHED, ACTION_NOT_MATCHED, RESOURCE_NOT_MATCHED, CONDITION_FAILED }

    /**
     * @param why the reason in words, made only when asked: the gateway decides every attendee request and reads the
     *            words only for a denial (building them for every statement was most of a decision's allocation)
     */
    public record StatementResult(String policy, Statement statement, Outcome outcome, Supplier<String> why) {
        public StatementResult {
            why = lazy(why);
        }

        public String reason() {
            return why.get();
        }

        public String sid() {
            return statement.label();
        }

        public Statement.Effect effect() {
            return statement.effect();
        }
    }

    /** The decision for one request, the statement that decided (null for an implicit deny), and why. */
    public record Evaluation(Decision decision, RequestContext request, String decidingStatement,
                             Supplier<String> why, List<StatementResult> statements) {
        public Evaluation {
            why = lazy(why);
            statements = List.copyOf(statements);
        }

        public Evaluation(Decision decision, RequestContext request, String decidingStatement, String explanation,
                          List<StatementResult> statements) {
            this(decision, request, decidingStatement, () -> explanation, statements);
        }

        /** Why, in words an attendee can act on (made on first use). */
        public String explanation() {
            return why.get();
        }

        public boolean allowed() {
            return decision.allowed();
        }
    }

    /** A supplier that computes its value once, on first use. */
    static Supplier<String> lazy(Supplier<String> words) {
        if (words instanceof Lazy) return words;
        return new Lazy(words);
    }

    private static final class Lazy implements Supplier<String> {
        private Supplier<String> words;
        private volatile String value;

        Lazy(Supplier<String> words) {
            this.words = words;
        }

        @Override
        public String get() {
            String v = value;
            if (v == null) {
                synchronized (this) {
                    if (value == null) {
                        value = words.get();
                        words = null;
                    }
                    v = value;
                }
            }
            return v;
        }
    }

    public static Evaluation evaluate(PolicyDocument policy, RequestContext request) {
        return evaluate(List.of(policy), request);
    }

    public static Evaluation evaluate(List<PolicyDocument> policies, RequestContext request) {
        List<StatementResult> results = new ArrayList<>();
        for (PolicyDocument p : policies) {
            for (Statement s : p.statements()) {
                results.add(statement(p, s, request));
            }
        }
        for (StatementResult r : results) {
            if (r.outcome() == Outcome.MATCHED && r.effect() == Statement.Effect.DENY) {
                return new Evaluation(Decision.EXPLICIT_DENY, request, r.sid(), () -> "denied explicitly: Deny statement " + r.sid()
                        + " matches " + request.action() + " on " + request.resource() + reasonSuffix(r) + undocumented(request), results);
            }
        }
        for (StatementResult r : results) {
            if (r.outcome() == Outcome.MATCHED) {
                return new Evaluation(Decision.ALLOW, request, r.sid(), () -> "allowed: statement " + r.sid()
                        + " allows " + request.action() + " on " + request.resource() + reasonSuffix(r) + undocumented(request), results);
            }
        }
        return new Evaluation(Decision.IMPLICIT_DENY, request, null, () -> implicitDeny(request, results) + undocumented(request), results);
    }

    /** What the request mapping derived where AWS does not document it ({@link RequestContext#UNDOCUMENTED}). */
    private static String undocumented(RequestContext request) {
        List<String> notes = request.values(RequestContext.UNDOCUMENTED);
        return notes.isEmpty() ? "" : " [undocumented: " + String.join("; ", notes) + "; the evaluator takes the stricter reading]";
    }

    private static String reasonSuffix(StatementResult r) {
        return r.reason().isEmpty() ? "" : " because " + r.reason();
    }

    private static String implicitDeny(RequestContext request, List<StatementResult> results) {
        List<StatementResult> allows = results.stream().filter(r -> r.effect() == Statement.Effect.ALLOW).toList();
        List<String> nearMisses = allows.stream().filter(r -> r.outcome() == Outcome.CONDITION_FAILED)
                .map(r -> "statement " + r.sid() + " did not match because " + r.reason()).toList();
        if (!nearMisses.isEmpty()) {
            return "denied: " + String.join("; ", nearMisses);
        }
        List<String> resourceMisses = allows.stream().filter(r -> r.outcome() == Outcome.RESOURCE_NOT_MATCHED)
                .map(r -> "statement " + r.sid() + " allows " + request.action() + " only on " + r.reason()).toList();
        String base = "denied: no statement allows " + request.action() + " on " + request.resource();
        return resourceMisses.isEmpty() ? base : base + " (" + String.join("; ", resourceMisses) + ")";
    }

    static StatementResult statement(PolicyDocument p, Statement s, RequestContext ctx) {
        boolean vars = p.variablesEnabled();
        if (!actionMatches(s, ctx.action())) {
            return new StatementResult(p.name(), s, Outcome.ACTION_NOT_MATCHED,
                    () -> s.actions() != null ? "Action does not include " + ctx.action() : "NotAction excludes " + ctx.action());
        }
        if (!resourceMatches(s, ctx, vars)) {
            return new StatementResult(p.name(), s, Outcome.RESOURCE_NOT_MATCHED, () -> s.resources() != null
                    ? String.join(", ", s.resources()) : "resources other than " + String.join(", ", s.notResources()));
        }
        List<Check> held = new ArrayList<>(s.conditions().size());
        for (Statement.Condition c : s.conditions()) {
            Check check = condition(c, ctx, vars, s.effect());
            if (!check.holds) {
                return new StatementResult(p.name(), s, Outcome.CONDITION_FAILED, check.text);
            }
            held.add(check);
        }
        return new StatementResult(p.name(), s, Outcome.MATCHED,
                () -> held.stream().map(h -> h.text.get()).collect(Collectors.joining(" and ")));
    }

    /** Actions match case-insensitively, with '*' and '?'. */
    static boolean actionMatches(Statement s, String action) {
        List<String> patterns = s.actions() != null ? s.actions() : s.notActions();
        boolean any = false;
        for (int i = 0; i < patterns.size() && !any; i++) any = Patterns.glob(patterns.get(i), action, false);
        return s.actions() != null ? any : !any;
    }

    /** Resources match case-sensitively, with '*', '?' and policy variables. */
    static boolean resourceMatches(Statement s, RequestContext ctx, boolean vars) {
        List<String> patterns = s.resources() != null ? s.resources() : s.notResources();
        boolean any = false;
        for (int i = 0; i < patterns.size() && !any; i++) {
            Optional<Patterns.Resolved> r = Patterns.resolve(patterns.get(i), ctx, vars);
            any = r.isPresent() && r.get().matchesArn(ctx.resource());
        }
        return s.resources() != null ? any : !any;
    }

    private record Check(boolean holds, Supplier<String> text) {}

    /** Said in every explanation the evaluator decides where IAM's documentation does not. */
    static final String STRICTER = " (the documentation is silent here; the evaluator takes the stricter reading)";

    /**
     * Where the documentation is silent, the condition resolves in the direction that denies: it fails in an Allow
     * statement and holds in a Deny statement, and the explanation says so ({@link #STRICTER}).
     */
    private static Check stricter(Statement.Effect effect, String what) {
        boolean holds = effect == Statement.Effect.DENY;
        return new Check(holds, () -> what + ", so this " + effect + " statement's condition " + (holds ? "holds" : "fails") + STRICTER);
    }

    static Check condition(Statement.Condition c, RequestContext ctx, boolean vars, Statement.Effect effect) {
        ConditionOperator op = c.operator();
        String key = c.key();
        List<String> raw = ctx.values(key);
        // "If the key in the request resolves to a null data set, such as an empty string", the set operators see
        // no values: an empty string is no value for ForAllValues/ForAnyValue.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
        boolean setLike = op.qualifier() != Qualifier.NONE;
        List<String> request = setLike ? raw.stream().filter(v -> !v.isEmpty()).toList() : raw;
        boolean present = !request.isEmpty();
        Supplier<String> none = () -> raw.isEmpty() ? "the request carries no " + key
                : "the request carries " + key + " only as an empty string, which counts as no value";
        if (op.base() == Base.NULL && !raw.isEmpty() && raw.stream().allMatch(String::isEmpty)) {
            // Whether Null sees a key holding only empty strings as absent is not documented.
            return stricter(effect, "the request carries " + key + " only as an empty string, and whether Null counts that as absent is undocumented");
        }
        if (op.base() == Base.NULL) {
            for (String v : c.values()) {
                if (v.equalsIgnoreCase("true") != present) {
                    return new Check(true, () -> present ? "the request carries " + key : none.get());
                }
            }
            return new Check(false, () -> present
                    ? "the request carries " + key + " (Null: " + key + " = true requires it to be absent)"
                    : none.get() + " (Null: " + key + " = false requires it)");
        }
        List<Patterns.Resolved> policy = new ArrayList<>(c.values().size());
        List<Optional<Patterns.Resolved>> resolved = new ArrayList<>(c.values().size());
        for (String v : c.values()) {
            Optional<Patterns.Resolved> r = Patterns.resolve(v, ctx, vars);
            r.ifPresent(policy::add);
            resolved.add(r);
        }
        Supplier<String> values = lazy(() -> {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < resolved.size(); i++) {
                String v = c.values().get(i);
                shown.add(resolved.get(i).map(x -> "'" + x.text() + "'").orElse("'" + v + "' (a variable with no value, matching nothing)"));
            }
            return shown.size() == 1 ? shown.get(0) : "any of " + String.join(", ", shown);
        });
        Base base = op.base();
        for (String r : request) {
            if (!Values.readable(base.family(), r)) {
                return stricter(effect, key + " value '" + r + "' cannot be read as " + Values.describe(base.family()) + " for " + op);
            }
        }
        if (!present) {
            if (op.ifExists()) return new Check(true, () -> none.get() + ", so " + op + " holds");
            return switch (op.qualifier()) {
                case FOR_ALL_VALUES -> new Check(true, () -> none.get() + ", so " + op
                        + " holds vacuously (every one of zero values matches)");
                case FOR_ANY_VALUE -> new Check(false, () -> none.get() + " (" + op + " needs at least one value)");
                case NONE -> base.negated
                        ? new Check(true, () -> none.get() + ", so " + op + " holds")
                        : new Check(false, () -> none.get() + " (" + op + ")");
            };
        }
        if (op.qualifier() == Qualifier.FOR_ANY_VALUE) {
            for (String r : request) {
                if (satisfies(base, r, policy)) {
                    return new Check(true, () -> key + " value '" + r + "' " + verb(base, true) + " " + values.get() + " (" + op + ")");
                }
            }
            return new Check(false, () -> "no " + key + " value " + quoted(request) + " " + verb(base, true) + " " + values.get() + " (" + op + ")");
        }
        if (op.qualifier() == Qualifier.NONE && request.size() > 1) {
            // A plain operator on a key with several values is undocumented. Stricter reading: in an Allow statement
            // every value must satisfy it, in a Deny statement one value is enough.
            boolean deny = effect == Statement.Effect.DENY;
            for (String r : request) {
                boolean ok = satisfies(base, r, policy);
                if (deny && ok) {
                    return new Check(true, () -> key + " value '" + r + "' " + verb(base, true) + " " + values.get() + " (" + op
                            + ", one of several values, enough for a Deny statement)" + STRICTER);
                }
                if (!deny && !ok) {
                    return new Check(false, () -> key + " value '" + r + "' " + verb(base, false) + " " + values.get() + " (" + op
                            + ", one of several values, and an Allow statement needs them all)" + STRICTER);
                }
            }
            return new Check(!deny, () -> "every " + key + " value " + verb(base, !deny) + " " + values.get() + " (" + op + ")" + STRICTER);
        }
        // ForAllValues, and a plain operator on a single value.
        for (String r : request) {
            if (!satisfies(base, r, policy)) {
                return new Check(false, () -> key + " value '" + r + "' " + verb(base, false) + " " + values.get() + " (" + op + ")");
            }
        }
        return new Check(true, () -> (request.size() == 1 ? key + " value '" + request.get(0) + "'" : "every " + key + " value")
                + " " + verb(base, true) + " " + values.get() + " (" + op + ")");
    }

    /** Whether one request value satisfies the base operator; policy values are ORed, negated operators NOR. */
    private static boolean satisfies(Base base, String value, List<Patterns.Resolved> policy) {
        boolean any = false;
        for (int i = 0; i < policy.size() && !any; i++) any = matches(base, value, policy.get(i));
        return base.negated != any;
    }

    /**
     * One request value against one policy value, by the operator's family. A value that cannot be read as the family
     * needs (a number, a date, an IP address, an ARN) matches nothing: for a negated operator that makes it hold.
     * Undocumented, and taken as the stricter reading in the positive operators' direction.
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
     */
    private static boolean matches(Base base, String value, Patterns.Resolved p) {
        return switch (base.family()) {
            case NUMERIC -> Values.number(value).flatMap(v -> Values.number(p.text()).map(q -> Values.ordered(base, v.compareTo(q)))).orElse(false);
            case DATE -> Values.date(value).flatMap(v -> Values.date(p.text()).map(q -> Values.ordered(base, v.compareTo(q)))).orElse(false);
            case IP_ADDRESS -> Values.inCidr(value, p.text());
            case ARN -> Values.arnMatches(p.text(), value);
            case BINARY -> p.text().equals(value);
            default -> base.wildcards ? p.matches(value, base.caseSensitive)
                    : base.caseSensitive ? p.text().equals(value) : p.text().equalsIgnoreCase(value);
        };
    }

    /** The words for "satisfies" (positive=true) or "fails" the operator, e.g. "is like" / "is not like". */
    private static String verb(Base base, boolean satisfied) {
        boolean matched = base.negated != satisfied;
        return matched ? base.matchVerb : base.mismatchVerb;
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }
}
