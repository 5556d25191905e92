package dev.workshop.cli;

import dev.workshop.Range;
import dev.workshop.WorkshopException;
import java.lang.reflect.Field;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Checks run between parsing and running a command, so that a usage error has no side effect at all: the
 * {@link Range} of every numeric option (given or defaulted), then each mixin's and the command's own
 * {@link Checked#check} (target options, files that must be readable, options that exclude each other).
 */
final class OptionChecks implements CommandLine.IExecutionStrategy {
    /** Implemented by commands and mixins whose options depend on each other or on the environment. */
    interface Checked {
        /** Throws a usage error (exit 2) for anything invalid; reads nothing it would have to write. */
        void check(Env env, CommandSpec command);
    }

    private final Env env;
    private final CommandLine.IExecutionStrategy next;

    OptionChecks(Env env, CommandLine.IExecutionStrategy next) {
        this.env = env;
        this.next = next;
    }

    @Override
    public int execute(ParseResult parseResult) {
        ParseResult last = parseResult;
        while (last.hasSubcommand()) last = last.subcommand();
        // --help and --version print and touch nothing: let them through whatever else was typed.
        if (!last.isUsageHelpRequested() && !last.isVersionHelpRequested() && !parseResult.isUsageHelpRequested()
                && !parseResult.isVersionHelpRequested()) {
            try {
                check(last.commandSpec(), last.originalArgs());
            } catch (RuntimeException e) {
                // The one ErrorHandler prints it (and classifies anything unexpected), exactly as from inside the command.
                CommandLine cl = last.commandSpec().commandLine();
                return cl.getExecutionExceptionHandler() == null ? ExitCode.USAGE
                        : handle(cl, e, last);
            }
        }
        return next.execute(parseResult);
    }

    private static int handle(CommandLine cl, RuntimeException e, ParseResult pr) {
        try {
            return cl.getExecutionExceptionHandler().handleExecutionException(e, cl, pr);
        } catch (Exception unexpected) {
            return ExitCode.INTERNAL;
        }
    }

    void check(CommandSpec spec, List<String> typed) {
        for (OptionSpec o : spec.options()) {
            Range r = range(o);
            if (r == null) continue;
            Object v = o.getValue();
            if (!(v instanceof Number n)) continue;
            double d = n.doubleValue();
            if (Double.isNaN(d) || d < r.min() || d > r.max()) {
                throw WorkshopException.usage(o.longestName() + " " + format(v) + " is out of range: " + r.unit() + " from "
                        + format(r.min()) + " to " + format(r.max()) + (r.why().isEmpty() ? "" : " (" + r.why() + ")") + ".",
                        example(spec, typed, o, r));
            }
        }
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof Checked c) c.check(env, spec);
        }
        if (spec.userObject() instanceof Checked c) c.check(env, spec);
    }

    private static Range range(OptionSpec o) {
        Object user = o.userObject();
        return user instanceof Field f ? f.getAnnotation(Range.class) : null;
    }

    /** The command as typed with the bad value replaced by the default (or the nearest bound when there is none). */
    static String example(CommandSpec spec, List<String> typed, OptionSpec o, Range r) {
        String good;
        try {
            double def = o.defaultValue() == null ? Double.NaN : Double.parseDouble(o.defaultValue());
            good = !Double.isNaN(def) && def >= r.min() && def <= r.max() ? format(def) : null;
        } catch (NumberFormatException e) {
            good = null;
        }
        if (good == null) {
            Object v = o.getValue();
            double d = v instanceof Number n ? n.doubleValue() : r.min();
            good = format(d > r.max() ? r.max() : r.min());
        }
        return typedWith(typed, List.of(o.names()), good.replace(",", ""));
    }

    /** The command as typed (quoted for a POSIX shell) with {@code option}'s value replaced, or the option added. */
    static String typedWith(List<String> typed, List<String> names, String value) {
        List<String> args = new ArrayList<>(typed);
        boolean replaced = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            for (String name : names) {
                if (a.equals(name) && i + 1 < args.size()) {
                    args.set(i + 1, value);
                    replaced = true;
                } else if (a.startsWith(name + "=")) {
                    args.set(i, name + "=" + value);
                    replaced = true;
                }
            }
        }
        if (!replaced) {
            args.add(names.get(0));
            args.add(value);
        }
        StringBuilder b = new StringBuilder("workshop");
        for (String a : args) b.append(' ').append(a.matches("[A-Za-z0-9_./:@=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        return b.toString();
    }

    /** The command being checked as the user typed it. */
    static List<String> typed(CommandSpec command) {
        ParseResult pr = command.commandLine().getParseResult();
        return pr == null ? List.of() : pr.originalArgs();
    }

    static String format(Object v) {
        if (v instanceof Number n) return format(n.doubleValue());
        return String.valueOf(v);
    }

    static String format(double d) {
        DecimalFormat f = new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(d);
    }
}
