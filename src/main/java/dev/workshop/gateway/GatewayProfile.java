package dev.workshop.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the gateway's own CPU goes, stage by stage (reading the body, each filter's before and after, DynamoDB Local's
 * handler, the answer): the CPU time of the server thread around each stage, summed over requests. Off unless a
 * benchmark turns it on ({@link Gateway#startProfile()}); wall-clock ratios on two shared cores swing by ±10%, this
 * does not. A probe costs one read of the thread's CPU clock per stage, which the figures include.
 */
public final class GatewayProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final LongAdder requests = new LongAdder();

    /**
     * DynamoDB Local's handler on the direct connector, with the same probes around it when a benchmark asks: its
     * handler, and the answer it writes (a socket write and the request's completion, about 20 us, which the gateway
     * pays in its own "send the answer" instead).
     */
    public static final class Direct extends org.eclipse.jetty.server.Handler.Wrapper {
        private volatile GatewayProfile profile;

        public Direct(org.eclipse.jetty.server.Handler dynamoDbLocal) {
            super(dynamoDbLocal);
        }

        public GatewayProfile startProfile() {
            GatewayProfile p = new GatewayProfile();
            profile = p;
            return p;
        }

        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              org.eclipse.jetty.util.Callback callback) throws Exception {
            GatewayProfile p = profile;
            if (p == null) return super.handle(request, response, callback);
            p.request();
            long t = now();
            long[] w = new long[1];
            org.eclipse.jetty.server.Response probe = new org.eclipse.jetty.server.Response.Wrapper(request, response) {
                @Override
                public void write(boolean last, java.nio.ByteBuffer content, org.eclipse.jetty.util.Callback cb) {
                    long a = now();
                    super.write(last, content, cb);
                    w[0] += p.add("send the answer", a) - a;
                }
            };
            boolean handled = super.handle(request, probe, callback);
            // Its handler less its answer, as the gateway counts them: the two sides' stages then line up.
            p.add("DynamoDB Local's handler", t + w[0]);
            return handled;
        }
    }

    static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    void request() {
        requests.increment();
    }

    /** Adds the CPU time since {@code since} to {@code stage}; returns the time now, the next stage's start. */
    long add(String stage, long since) {
        long t = now();
        LongAdder a = nanos.get(stage);
        if (a == null) {
            a = nanos.computeIfAbsent(stage, s -> {
                order.add(s);
                return new LongAdder();
            });
        }
        a.add(t - since);
        return t;
    }

    public long requests() {
        return requests.sum();
    }

    /** Nanoseconds of server-thread CPU per stage, summed over every request counted. */
    public Map<String, Long> nanosByStage() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : new ArrayList<>(order)) out.put(s, nanos.get(s).sum());
        return out;
    }

    /** Microseconds of server-thread CPU per request, per stage, in the order the stages first ran. */
    public Map<String, Double> microsPerRequest() {
        long n = Math.max(1, requests.sum());
        Map<String, Double> out = new LinkedHashMap<>();
        for (String s : new ArrayList<>(order)) out.put(s, nanos.get(s).sum() / 1e3 / n);
        return out;
    }
}
