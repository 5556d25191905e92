package dev.workshop.cli;

import dev.workshop.console.Console;
import dev.workshop.metrics.MetricsReport;
import dev.workshop.metrics.MetricsSource;
import dev.workshop.metrics.MetricsSources;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkServiceException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "metrics", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Throttle and capacity metrics of your tables, minute by minute, under CloudWatch's names.",
                "Local target: counted by the local gateway. AWS: read from CloudWatch (GetMetricData), which publishes them a few minutes late."},
        footer = {"", "Examples:", "  workshop metrics --id alice", "  workshop metrics --id alice --minutes 60 --watch"})
final class MetricsCommand extends BaseCommand {
    /** --watch stops by itself after this many refreshes (an hour at the default interval). */
    static final int MAX_REFRESHES = 360;

    @Mixin
    AttendeeOptions attendee;

    @dev.workshop.Range(min = 1, max = 24 * 60, unit = "minutes", why = "24 hours")
    @Option(names = "--minutes", paramLabel = "N", defaultValue = "15", description = "How many minutes back to show (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--watch", description = "Refresh every --interval seconds until Ctrl-C (at most " + MAX_REFRESHES + " times).")
    boolean watch;

    @dev.workshop.Range(min = 1, max = 3_600, unit = "seconds", why = "an hour")
    @Option(names = "--interval", paramLabel = "S", defaultValue = "10", description = "Seconds between refreshes with --watch (default: ${DEFAULT-VALUE}).")
    int interval;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws Exception {
        AttendeeId id = attendee.attendee(env());
        Console console = console();
        try (Target t = target.open(env(), output)) {
            console.say(t.describe());
            MetricsSource source = MetricsSources.forTarget(t, env().workshopHome());
            int refreshes = watch ? MAX_REFRESHES : 1;
            for (int i = 0; i < refreshes; i++) {
                if (i > 0) {
                    Thread.sleep(Duration.ofSeconds(interval).toMillis());
                    if (console.interactive()) console.out().print("\u001b[H\u001b[2J");
                }
                try {
                    show(console, source, id);
                } catch (SdkServiceException e) {
                    // One refused refresh must not end a watch: the next one, interval seconds later, usually passes.
                    if (!watch || i == refreshes - 1 || e.statusCode() == 403) throw e;
                    console.err().println("CloudWatch refused this refresh (" + e.getMessage() + "); trying again in " + interval + " s.");
                    console.err().flush();
                }
            }
            return ExitCode.OK;
        }
    }

    private void show(Console console, MetricsSource source, AttendeeId id) {
        Instant to = env().clock().instant();
        // N minutes: this (partial) minute and the N - 1 before it.
        Instant from = to.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutes - 1));
        console.say("Metrics from " + source.describe() + ", last " + minutes + " minute(s), per-minute sums:");
        if (source.delayed()) console.say(console.dim("CloudWatch publishes DynamoDB's metrics a few minutes late; the last minutes may still be empty."));
        console.blank();
        // Both tables in one request: on CloudWatch, one GetMetricData call per refresh.
        List<MetricsReport> reports = MetricsReport.fetchAll(source, List.of(new MetricsReport.Resource(id.personalTable(), null),
                new MetricsReport.Resource(target.sharedTable(), null)), from, to);
        reports.get(0).render(console);
        console.blank();
        console.say(console.dim("The shared table's figures are everyone's: every attendee's namespace lives in it."));
        reports.get(1).render(console);
        console.blank();
        console.say(console.dim(MetricsReport.legend()));
    }
}
