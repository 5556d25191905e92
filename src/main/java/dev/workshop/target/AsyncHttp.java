package dev.workshop.target;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;

/**
 * The SDK's Netty HTTP client on an event loop this class owns, created on first use. When the SDK owns the event
 * loop, closing the client waits out Netty's graceful-shutdown quiet period (2 s): that was half the run time of a
 * short command such as {@code status}. Nothing is in flight when a target closes, so we shut the loop down at once.
 */
public final class AsyncHttp implements AutoCloseable {
    private SdkEventLoopGroup loop;
    private SdkAsyncHttpClient client;
    private boolean closed;

    public synchronized SdkAsyncHttpClient client() {
        if (closed) throw new IllegalStateException("the target is closed");
        if (client == null) {
            loop = SdkEventLoopGroup.builder().build();
            client = NettyNioAsyncHttpClient.builder()
                    .eventLoopGroup(loop)
                    .maxConcurrency(64)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client == null) return;
        client.close();
        loop.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
        client = null;
        loop = null;
    }
}
