package dev.workshop.metrics;

import dev.workshop.WorkshopException;
import dev.workshop.target.LocalTarget;
import dev.workshop.target.Target;
import dev.workshop.target.aws.AwsTarget;
import java.nio.file.Path;

/** The metrics source for a target: the gateway's store on the local target, CloudWatch on AWS. */
public final class MetricsSources {
    private MetricsSources() {}

    public static MetricsSource forTarget(Target target, Path workshopHome) {
        if (target instanceof AwsTarget aws) return new CloudWatchMetricsSource(aws.cloudWatch(), aws.regionId());
        if (target instanceof LocalTarget local) return local.metricsSource(workshopHome);
        throw WorkshopException.usage("An --endpoint-url target publishes no metrics: only the local target's gateway and "
                + "CloudWatch (on AWS) count them.", "workshop metrics --id <ID>   (local)   or   --profile <PROFILE>   (AWS)");
    }
}
