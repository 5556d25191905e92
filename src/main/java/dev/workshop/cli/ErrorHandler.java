package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.labs.LabRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place errors become output and exit codes: a single red line on stderr saying what happened and why,
 * then the command that fixes it; a stack trace only with -v.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {
    private final Workshop root;

    ErrorHandler(Workshop root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(red(cmd, "error: " + ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See: " + cmd.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Failure f = classify(ex);
        PrintWriter err = cmd.getErr();
        LabRunner.Stopped stopped = find(ex, LabRunner.Stopped.class);
        if (stopped != null) print(err, "", stopped.getMessage() + ":");
        print(err, "", red(cmd, "error: " + f.message));
        if (f.fix != null) print(err, "  ", fixLine(f.fix).strip());
        if (stopped != null && parseResult != null && !oneStep(parseResult.originalArgs())) {
            print(err, "  ", "Then, instead of starting over: " + resumeCommand(parseResult.originalArgs(), stopped.resumeAt()));
        }
        if (root.verbose()) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        } else if (f.code == ExitCode.INTERNAL) {
            err.println("  Run the same command with -v for the stack trace, and please report it.");
        }
        err.flush();
        return f.code;
    }

    @Override
    public int getExitCode(Throwable exception) {
        return classify(exception).code;
    }

    /** What the user sees: one line without Java class names, wherever it is printed (-v adds the stack trace). */
    record Failure(int code, String message, String fix) {
        Failure {
            message = oneLine(withoutClassNames(message));
        }
    }

    /** The command as typed, without --step/--from, plus --from STEP: what continues a lab that stopped. */
    static String resumeCommand(java.util.List<String> args, int step) {
        StringBuilder b = new StringBuilder("workshop");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--step") || a.equals("--from")) {
                i++;
                continue;
            }
            if (a.startsWith("--step=") || a.startsWith("--from=")) continue;
            b.append(' ').append(a.matches("[A-Za-z0-9_./:@=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.append(" --from ").append(step).toString();
    }

    /** Whether the command ran one step only (--step): then running it again is the whole advice. */
    static boolean oneStep(java.util.List<String> args) {
        return args.stream().anyMatch(a -> a.equals("--step") || a.startsWith("--step="));
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    /** "Run: <command>" when the fix is a command to type, "fix: <advice>" otherwise. */
    static String fixLine(String fix) {
        boolean command = fix.matches("^(workshop|aws|export|bash|\\./workshop|mvn|java) .*");
        return (command ? "  Run: " : "  fix: ") + fix;
    }

    static Failure classify(Throwable ex) {
        // Our own errors keep their meaning even when a library wrapped them (e.g. the SDK around an SSO error).
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WorkshopException w) return new Failure(w.exitCode(), w.getMessage(), w.fix());
            if (t instanceof dev.workshop.model.AttendeeId.InvalidAttendeeIdException i) {
                return new Failure(ExitCode.USAGE, i.getMessage(), "use an id such as: alice");
            }
        }
        if (ex instanceof AwsServiceException a) {
            String code = a.awsErrorDetails() == null ? "" : a.awsErrorDetails().errorCode();
            String msg = a.awsErrorDetails() == null ? a.getMessage() : a.awsErrorDetails().errorMessage();
            return switch (code == null ? "" : code) {
                case "ExpiredTokenException", "ExpiredToken", "UnrecognizedClientException", "InvalidSignatureException",
                        "InvalidClientTokenId" -> new Failure(ExitCode.CREDENTIALS,
                        "AWS rejected the credentials (" + code + "): " + msg,
                        "workshop login, then run the command again   (AWS CLI users: aws sso login --use-device-code --profile <your profile>)");
                case "AccessDeniedException" -> new Failure(ExitCode.FAILED, "Access denied: " + msg,
                        "check that --id is your own attendee id and that your table is ws-att-<id> tagged Owner=<id> (workshop status --id <id>)");
                case "ResourceNotFoundException" -> new Failure(ExitCode.FAILED, "Not found: " + msg,
                        "workshop bootstrap --id <id> creates your tables; workshop status --id <id> shows what exists");
                case "Throttling", "ThrottlingException", "RequestLimitExceeded" -> new Failure(ExitCode.FAILED,
                        service(a) + " is throttling (" + code + "): " + msg, "wait a minute, then run the same command again");
                default -> new Failure(ExitCode.FAILED, service(a) + " answered " + code + ": " + msg, null);
            };
        }
        if (ex instanceof SdkClientException s) {
            Throwable root = rootCause(s);
            if (root instanceof ConnectException) {
                return new Failure(ExitCode.FAILED, "Cannot reach the DynamoDB endpoint: " + root.getMessage(),
                        "on the local target, the workshop command whose DynamoDB Local this one shared has ended: run this command again"
                                + " (it starts its own); with --endpoint-url, check that the endpoint is up");
            }
            if (String.valueOf(s.getMessage()).contains("credentials") || String.valueOf(s.getMessage()).contains("token")) {
                return new Failure(ExitCode.CREDENTIALS, "No usable AWS credentials: " + s.getMessage(),
                        "workshop login   (AWS CLI users: aws sso login --use-device-code --profile <your profile>)");
            }
            return new Failure(ExitCode.FAILED, "The AWS SDK gave up: " + s.getMessage(), null);
        }
        if ((ex instanceof CommandLine.ExecutionException || ex instanceof LabRunner.Stopped || ex instanceof java.util.concurrent.CompletionException
                || ex instanceof java.util.concurrent.ExecutionException) && ex.getCause() != null) {
            return classify(ex.getCause());
        }
        String m = ex.getMessage();
        return new Failure(ExitCode.INTERNAL, "Internal error: " + (m == null || m.isBlank() ? "an unexpected error without a message" : m), null);
    }

    /**
     * Java class names mean nothing to the person at the keyboard (-v shows them, with the stack trace): drop
     * "java.nio.file.NoSuchFileException: " and the like wherever a library put one into its message.
     */
    /**
     * The error is one line: a JSON parser's "at [Source: ...; line: 1, column: 2]" (which quotes the input, new
     * lines included) becomes "(line 1, column 2)", and any other line break a space.
     */
    static String oneLine(String message) {
        return message.replaceAll("(?s)\\s*at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]", " (line $1, column $2)")
                .replaceAll("\\s*\\R\\s*", " ").trim();
    }

    static String withoutClassNames(String message) {
        if (message == null) return "";
        return message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*", "")
                .replaceAll("\\(\\s*\\)", "").trim();
    }

    /** The service that answered, as AWS spells it (the SDK says "DynamoDb"): a CloudWatch throttle is not DynamoDB's. */
    static String service(AwsServiceException a) {
        String name = a.awsErrorDetails() == null ? null : a.awsErrorDetails().serviceName();
        if (name == null || name.isBlank() || name.equalsIgnoreCase("DynamoDb")) return "DynamoDB";
        return name;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    /** A message line wrapped to the terminal (continuations under its first word), commands in the form the user runs. */
    private void print(PrintWriter err, String indent, String text) {
        Env env = root.env();
        String s = dev.workshop.console.Invocation.commands(text);
        if (!env.wraps()) {
            err.println(indent + s);
            return;
        }
        java.util.List<String> lines = dev.workshop.console.Text.words(s, Math.max(20, env.width() - indent.length()));
        for (String line : lines) err.println(indent + line);
    }

    private String red(CommandLine cmd, String s) {
        Env env = root.env();
        boolean color = env.terminal() && env.var("NO_COLOR") == null;
        return color ? "\u001b[31m" + s + "\u001b[0m" : s;
    }
}
