package dev.workshop.target;

import java.nio.file.Path;

/** The embedded default: DynamoDB Local under the workshop home, reached through the local gateway. */
public final class LocalTarget extends LoopbackTarget {
    private final LocalHome.Lease lease;
    private final Path home;

    public LocalTarget(LocalHome.Lease lease, Path home) {
        super(Kind.LOCAL, lease.endpoint(), "Target: local (DynamoDB Local "
                + (lease.background() ? "in the background at " + lease.endpoint() : "in-process") + ", data in " + home + ")", lease);
        this.lease = lease;
        this.home = home;
    }

    /** For status: the background server's life, so nobody wonders what keeps running after the labs. */
    @Override
    public java.util.List<Diagnosis> diagnose() {
        if (!lease.background()) return java.util.List.of();
        return BackgroundServer.running(home).map(info -> java.util.List.of(new Diagnosis(false,
                "Local server: pid " + info.pid() + ", ends after " + info.idleText()
                        + " with no command (workshop local stop ends it now; workshop local shows how to reach it).", null)))
                .orElse(java.util.List.of());
    }

    /** The gateway of this process's server, or null when another workshop process owns the server. */
    public LocalServer server() {
        return lease.server();
    }

    /**
     * Where this target's metrics are read: the gateway's own store when this process runs the server, else the
     * file the owning process writes under the workshop home.
     */
    public dev.workshop.metrics.MetricsSource metricsSource(Path workshopHome) {
        LocalServer server = server();
        if (server != null && server.metrics() != null) return dev.workshop.metrics.LocalMetricsSource.of(server.metrics());
        return dev.workshop.metrics.LocalMetricsSource.fromFile(LocalHome.dataDir(workshopHome).resolve(LocalServer.METRICS_FILE));
    }
}
