package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.access.AccessControl;
import dev.workshop.access.AccessDecision;
import dev.workshop.access.AccessPrincipal;
import dev.workshop.access.AttendeePolicy;
import dev.workshop.access.AttendeePolicy.Variant;
import dev.workshop.access.DynamoDbRequestMapper;
import dev.workshop.access.KeySchemaLookup;
import dev.workshop.access.PolicyDocument;
import dev.workshop.access.PolicyEvaluator;
import dev.workshop.access.RequestContext;
import dev.workshop.console.Console;
import dev.workshop.console.Table;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Facilitator: read the attendee policy and check it against requests before the workshop, with the local evaluator. */
@Command(name = "policy", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = "Facilitator: show the attendee ABAC policy, or simulate a request against a policy file.",
        subcommands = {PolicyCommand.Show.class, PolicyCommand.Simulate.class})
final class PolicyCommand implements Runnable {
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String checkTable(String name) {
        if (!TABLE_NAME.matcher(name).matches()) {
            throw WorkshopException.usage("Invalid --shared-table '" + name + "': a table name is 3 to 255 letters, digits, '_', '-' or '.'.",
                    "--shared-table " + Tables.DEFAULT_SHARED);
        }
        return name;
    }

    @Command(name = "show", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
            description = {"Print the attendee policy for the shared table (the JSON that is deployed).",
                    "--variant prints one of the lab's broken policies instead (never deploy those)."},
            footer = {"", "Examples:", "  workshop policy show", "  workshop policy show --variant no_null_guard"})
    static final class Show extends BaseCommand {
        @Option(names = "--shared-table", paramLabel = "NAME", defaultValue = Tables.DEFAULT_SHARED,
                description = "The shared table the policy governs (default: ${DEFAULT-VALUE}).")
        String sharedTable;

        @Option(names = "--variant", paramLabel = "VARIANT", defaultValue = "CORRECT",
                description = "correct (default), string_equals, no_trailing_hash, no_null_guard or index_key_guard.")
        Variant variant;

        @Override
        public Integer call() {
            Console console = console();
            if (variant.broken()) {
                console.warn("Variant " + variant.name() + " is broken on purpose: " + variant.summary() + ". Never deploy it.");
            } else if (variant == Variant.INDEX_KEY_GUARD) {
                console.warn("Variant INDEX_KEY_GUARD refuses every write that names an index key attribute, including the workshop's own "
                        + "bootstrap and labs: deploy it only where a trusted write path derives the index keys (lab 4, step 4).");
            }
            console.out().print(AttendeePolicy.json(checkTable(sharedTable), variant) + "\n");
            console.out().flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "simulate", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
            description = {"Evaluate one request against a policy file with the local IAM evaluator and say why it is allowed or denied.",
                    "Give either --action and --resource (with --key for condition keys), or --request and --body (a DynamoDB "
                            + "request body, mapped to its actions, resources and dynamodb:LeadingKeys as AWS does).",
                    "Exit code: 0 allowed, 1 denied, 2 invalid input."},
            footer = {"", "Examples:",
                    "  workshop policy simulate --attendee alice --action dynamodb:GetItem --resource ws-shared --key dynamodb:LeadingKeys=ATT#alice#X",
                    "  workshop policy simulate --attendee alice --action dynamodb:Scan --resource ws-shared",
                    "  workshop policy simulate --policy out/workshop-attendee-policy.json --attendee alice --request Query --body query.json"})
    static final class Simulate extends BaseCommand {
        static final String ACCOUNT = "000000000000";
        private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
        private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

        @Option(names = "--region", paramLabel = "REGION",
                description = "The region in the request's ARNs (default: the --profile target's, else us-east-1, the local target's).")
        String region;

        @Option(names = "--account", paramLabel = "ACCOUNT",
                description = "The 12-digit account in the request's and the caller's ARNs (default: the --profile target's, else "
                        + ACCOUNT + ", the local target's).")
        String account;

        @Option(names = "--profile", paramLabel = "NAME",
                description = "Read the region and account from this AWS profile's target (its caller identity), as the policy will meet them there.")
        String profile;

        @Option(names = "--policy", paramLabel = "FILE",
                description = "The policy JSON to evaluate (default: the generated attendee policy for --shared-table).")
        Path policy;

        @Option(names = "--shared-table", paramLabel = "NAME", defaultValue = Tables.DEFAULT_SHARED,
                description = "The shared table (default: ${DEFAULT-VALUE}): names the default policy, table names in --resource resolve against it, and --request reads its key schema.")
        String sharedTable;

        @Option(names = "--variant", paramLabel = "VARIANT", defaultValue = "CORRECT",
                description = "Without --policy: evaluate one of the lab's other policies (string_equals, no_trailing_hash, no_null_guard, index_key_guard).")
        Variant variant;

        @Option(names = "--attendee", paramLabel = "ID",
                description = "The principal tag AttendeeId of the caller. Without it the caller carries no tag (what a misconfigured permission set gives).")
        String attendee;

        @Option(names = "--action", paramLabel = "ACTION", description = "e.g. dynamodb:GetItem (the dynamodb: prefix may be left out).")
        String action;

        @Option(names = "--resource", paramLabel = "ARN|TABLE[/index/NAME]",
                description = "The resource ARN, or a table name (made into an ARN in --region and --account). Default: the shared table.")
        String resource;

        @Option(names = "--key", paramLabel = "NAME=VALUE",
                description = "A request condition key, e.g. dynamodb:LeadingKeys=ATT#alice#X. Repeat a name for several values.")
        List<String> keys = new ArrayList<>();

        @Option(names = "--request", paramLabel = "OPERATION", description = "A DynamoDB operation, e.g. Query, BatchWriteItem, ExecuteStatement.")
        String request;

        @Option(names = "--body", paramLabel = "FILE", description = "The --request body as JSON (as the SDK sends it).")
        Path body;

        @Override
        public Integer call() {
            Console console = console();
            String shared = checkTable(sharedTable);
            PolicyDocument doc = load(shared);
            AccessPrincipal principal = principal();
            if (profile != null && (region == null || account == null)) {
                TargetOptions from = new TargetOptions();
                from.profile = profile;
                from.region = region;
                try (dev.workshop.target.Target t = from.open(env(), output)) {
                    if (region == null) region = t.identity().region();
                    if (account == null) account = t.identity().account();
                }
            }
            if (region == null) region = "us-east-1";
            if (account == null) account = ACCOUNT;
            if (!REGION.matcher(region).matches()) {
                throw WorkshopException.usage("Invalid --region '" + region + "': a region looks like us-east-1 or eu-west-2.", "--region us-east-1");
            }
            if (!ACCOUNT_ID.matcher(account).matches()) {
                throw WorkshopException.usage("Invalid --account '" + account + "': an AWS account id is 12 digits.", "--account 123456789012");
            }
            // A policy can name its region and account (arn:aws:dynamodb:eu-west-1:123456789012:table/...): the
            // request's ARNs and the caller's must carry the ones the policy will meet on AWS.
            DynamoDbRequestMapper mapper = new DynamoDbRequestMapper(region, account, KeySchemaLookup.workshop(shared));
            List<PolicyEvaluator.Evaluation> evaluations;
            String awsMessage;
            if (request != null) {
                if (action != null || resource != null || !keys.isEmpty()) {
                    throw WorkshopException.usage("Give either --request with --body, or --action with --resource and --key, not both.",
                            "workshop policy simulate --attendee alice --request GetItem --body request.json");
                }
                checkOperation(request);
                if (body == null) {
                    throw WorkshopException.usage("--request " + request + " needs --body FILE with the request JSON.",
                            "workshop policy simulate --attendee alice --request " + request + " --body request.json");
                }
                String json = read(body, "--body");
                AccessDecision d;
                try {
                    d = new AccessControl(List.of(doc), mapper, account).decide(principal, request, json);
                } catch (IllegalArgumentException e) {
                    throw WorkshopException.usage("Cannot read " + body + " as a " + request + " request: " + e.getMessage(),
                            "check the file against the DynamoDB API reference for " + request);
                }
                evaluations = d.evaluations();
                awsMessage = d.message();
            } else {
                if (action == null) {
                    throw WorkshopException.usage("Nothing to simulate: give --action (and --resource), or --request and --body.",
                            "workshop policy simulate --attendee alice --action dynamodb:GetItem --resource " + shared
                                    + " --key dynamodb:LeadingKeys=ATT#alice#X");
                }
                String a = action.contains(":") ? action : "dynamodb:" + action;
                checkAction(a);
                RequestContext ctx = new RequestContext(a, arn(mapper, resource == null ? shared : resource), keys());
                evaluations = List.of(PolicyEvaluator.evaluate(doc, ctx.withAll(principal.contextKeys(account))));
                awsMessage = null;
            }
            boolean allowed = evaluations.stream().allMatch(PolicyEvaluator.Evaluation::allowed);
            console.say("Policy: " + doc.name() + "   Caller: " + principal.arn(account)
                    + (principal.tags().isEmpty() ? " (no principal tags)" : " (principal tag AttendeeId=" + principal.tags().get(AttendeePolicy.TAG_KEY) + ")"));
            for (PolicyEvaluator.Evaluation e : evaluations) {
                console.say("");
                console.say((e.allowed() ? "ALLOWED  " : "DENIED   ") + e.request().action() + " on " + e.request().resource()
                        + (e.decision().allowed() ? "" : " (" + e.decision().name().toLowerCase().replace('_', ' ') + ")"));
                if (!e.request().keys().isEmpty()) {
                    e.request().keys().forEach((k, v) -> {
                        if (!k.startsWith("aws:")) console.say("  " + k + " = " + (v.isEmpty() ? "(absent)" : String.join(", ", v)));
                    });
                }
                console.say("  " + e.explanation());
                Table t = new Table("statement", "effect", "outcome", "why");
                for (PolicyEvaluator.StatementResult r : e.statements()) {
                    t.row(r.sid(), r.effect(), r.outcome().name().toLowerCase().replace('_', ' '), r.reason());
                }
                console.table(t);
            }
            console.say("");
            if (allowed) {
                console.ok("Decision: allowed (" + evaluations.size() + " authorization request" + (evaluations.size() == 1 ? "" : "s") + ")");
                return ExitCode.OK;
            }
            console.fail("Decision: denied" + (awsMessage == null ? "" : ". AWS would answer AccessDeniedException: " + awsMessage));
            return ExitCode.FAILED;
        }

        /**
         * DynamoDB's API operations, read from the SDK's client (one method per operation, taking its Request): a
         * typo in --request is then "unknown operation", not an answer about an operation that does not exist.
         */
        static final java.util.SortedSet<String> OPERATIONS = operations();

        /**
         * IAM actions of the dynamodb: prefix that are not API operations (a condition check inside a transaction,
         * PartiQL by statement kind, Streams).
         * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
         */
        static final java.util.Set<String> OTHER_ACTIONS = java.util.Set.of("ConditionCheckItem", "PartiQLSelect", "PartiQLInsert",
                "PartiQLUpdate", "PartiQLDelete", "GetRecords", "GetShardIterator", "DescribeStream", "ListStreams");

        private static java.util.SortedSet<String> operations() {
            java.util.SortedSet<String> out = new java.util.TreeSet<>();
            for (java.lang.reflect.Method m : software.amazon.awssdk.services.dynamodb.DynamoDbClient.class.getMethods()) {
                Class<?>[] p = m.getParameterTypes();
                String type = p.length == 1 ? p[0].getSimpleName() : "";
                if (type.endsWith("Request") && type.length() > 7) out.add(type.substring(0, type.length() - 7));
            }
            return out;
        }

        private static void checkOperation(String op) {
            if (OPERATIONS.contains(op)) return;
            String near = nearest(op, OPERATIONS);
            throw WorkshopException.usage("Unknown operation '" + op + "' for --request: DynamoDB has no such API operation"
                    + (near == null ? "" : " (did you mean " + near + "?)") + ". Operation names are case-sensitive, e.g. Query, GetItem, BatchWriteItem.",
                    "workshop policy simulate --attendee alice --request " + (near == null ? "GetItem" : near) + " --body request.json");
        }

        private static void checkAction(String action) {
            int colon = action.indexOf(':');
            String service = action.substring(0, colon);
            String name = action.substring(colon + 1);
            if (!service.equalsIgnoreCase("dynamodb") || name.contains("*") || name.contains("?")) return;
            // IAM matches action names case-insensitively, so dynamodb:getitem is GetItem.
            for (String known : OPERATIONS) if (known.equalsIgnoreCase(name)) return;
            for (String known : OTHER_ACTIONS) if (known.equalsIgnoreCase(name)) return;
            java.util.Set<String> all = new java.util.TreeSet<>(OPERATIONS);
            all.addAll(OTHER_ACTIONS);
            String near = nearest(name, all);
            throw WorkshopException.usage("Unknown action '" + action + "' for --action: DynamoDB has no such action"
                    + (near == null ? "" : " (did you mean dynamodb:" + near + "?)") + ".",
                    "workshop policy simulate --attendee alice --action dynamodb:" + (near == null ? "GetItem" : near) + " --resource ws-shared");
        }

        /** The closest name by edit distance, when it is close enough to be the one meant. */
        static String nearest(String typed, java.util.Collection<String> names) {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (String n : names) {
                int d = distance(typed.toLowerCase(java.util.Locale.ROOT), n.toLowerCase(java.util.Locale.ROOT));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = n;
                }
            }
            return bestDistance <= Math.max(2, typed.length() / 3) ? best : null;
        }

        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) prev[j] = j;
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return prev[b.length()];
        }

        private PolicyDocument load(String shared) {
            if (policy == null) return AttendeePolicy.document(shared, variant);
            if (variant != Variant.CORRECT) {
                throw WorkshopException.usage("--variant picks a generated policy; it cannot be combined with --policy.", "drop one of them");
            }
            String json = read(policy, "--policy");
            try {
                return PolicyDocument.parse(policy.getFileName().toString(), json);
            } catch (PolicyDocument.InvalidPolicyException e) {
                throw WorkshopException.usage("The policy " + policy + " cannot be evaluated: " + e.getMessage(),
                        "fix the policy, or compare it with: workshop policy show --shared-table " + shared);
            }
        }

        private AccessPrincipal principal() {
            if (attendee == null) return new AccessPrincipal(AccessPrincipal.STUDENT_ROLE, "untagged", Map.of(), false);
            return AccessPrincipal.attendee(AttendeeOptions.parse(attendee, "workshop policy simulate", "--attendee"));
        }

        private Map<String, List<String>> keys() {
            // Condition key names are not case-sensitive: DynamoDB:leadingkeys adds to dynamodb:LeadingKeys.
            Map<String, List<String>> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String k : keys) {
                int eq = k.indexOf('=');
                if (eq <= 0) {
                    throw WorkshopException.usage("--key '" + k + "' is not NAME=VALUE.", "--key dynamodb:LeadingKeys=ATT#alice#X");
                }
                out.computeIfAbsent(k.substring(0, eq), x -> new ArrayList<>()).add(k.substring(eq + 1));
            }
            return out;
        }

        private static String arn(DynamoDbRequestMapper mapper, String resource) {
            if (resource.startsWith("arn:") || resource.equals("*")) return resource;
            int idx = resource.indexOf("/index/");
            return idx < 0 ? mapper.tableArn(resource) : mapper.indexArn(resource.substring(0, idx), resource.substring(idx + 7));
        }

        private static String read(Path file, String option) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw WorkshopException.usage("Cannot read " + option + " " + file + ": " + dev.workshop.IoErrors.describe(e) + ".",
                        "check the path: ls -l " + file);
            }
        }
    }
}
