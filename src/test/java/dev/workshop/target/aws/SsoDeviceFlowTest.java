package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.WorkshopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;

/**
 * The device authorization grant against {@link FakeAwsEndpoints}, a loopback stand-in for SSO-OIDC (which cannot run
 * here) that enforces the grant's limits: poll no faster than {@code interval}, slow_down adds 5 s, codes expire.
 * Waits move a clock shared by client and stand-in instead of sleeping, so the timing rules are checked exactly.
 */
class SsoDeviceFlowTest {
    private static final String START_URL = "https://d-1234567890.awsapps.com/start";
    @TempDir Path dir;
    private FakeAwsEndpoints aws;
    private SsoOidcClient oidc;
    private MutableClock clock;
    private final List<Duration> waits = new ArrayList<>();
    private final List<SsoDeviceFlow.Prompt> prompts = new ArrayList<>();
    private SsoTokenCache cache;

    @BeforeEach
    void start() throws Exception {
        aws = new FakeAwsEndpoints();
        clock = new MutableClock(Instant.parse("2026-03-01T09:00:00.250Z"));
        aws.clock = clock;
        oidc = SsoOidcClient.builder().region(Region.US_EAST_1).endpointOverride(aws.endpoint())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).build();
        cache = new SsoTokenCache(dir);
    }

    @AfterEach
    void stop() {
        oidc.close();
        aws.close();
    }

    private SsoDeviceFlow flow() {
        return new SsoDeviceFlow(oidc, cache, clock, d -> {
            waits.add(d);
            clock.advance(d);
        });
    }

    private SsoTokenCache.Token signIn() {
        return flow().signIn("ws", START_URL, "us-east-1", List.of("sso:account:access"), prompts::add);
    }

    @Test
    void pollsAtTheServiceIntervalUntilApprovedAndCachesTheToken() {
        aws.deviceInterval = 5;
        aws.approveOnPoll = 3;
        SsoTokenCache.Token token = signIn();
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), waits, "two authorization_pending answers");
        assertEquals(0, aws.slowDownsSent.get(), "never polled faster than the interval");
        assertEquals(1, prompts.size());
        assertTrue(prompts.get(0).urlComplete().endsWith("?user_code=" + prompts.get(0).userCode()), prompts.toString());
        assertTrue(aws.validAccessTokens.contains(token.accessToken()));
        assertEquals(Instant.parse("2026-03-01T17:00:10Z"), token.expiresAt(), "8 h from the approval, whole seconds");
        assertNotNull(token.refreshToken());
        assertTrue(Files.isRegularFile(cache.file("ws")));
    }

    @Test
    void aPreApprovedClientIsNeverShownAPrompt() {
        aws.approveOnPoll = 1;
        signIn();
        assertTrue(prompts.isEmpty());
        assertTrue(waits.isEmpty());
    }

    @Test
    void slowDownAddsFiveSecondsToEveryLaterWait() {
        aws.deviceInterval = 1;
        aws.approveOnPoll = 4;
        aws.forcedSlowDowns.set(0);
        // The first poll is pending; the second is answered slow_down however it was timed.
        SsoDeviceFlow f = new SsoDeviceFlow(oidc, cache, clock, d -> {
            waits.add(d);
            clock.advance(d);
            if (waits.size() == 1) aws.forcedSlowDowns.set(1);
        });
        f.signIn("ws", START_URL, "us-east-1", List.of("sso:account:access"), prompts::add);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(6), Duration.ofSeconds(6)), waits);
        assertEquals(1, aws.slowDownsSent.get(), "after slow_down the client kept the stand-in's raised interval");
    }

    @Test
    void expiredTokenFromTheServiceIsExitThreeWithTheLoginCommand() {
        aws.approveOnPoll = 0;
        SsoDeviceFlow f = new SsoDeviceFlow(oidc, cache, clock, d -> {
            clock.advance(d);
            aws.expireDeviceCodes();
        });
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> f.signIn("ws", START_URL, "us-east-1", List.of("sso:account:access"), prompts::add));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("expired_token"), e.getMessage());
        assertTrue(e.fix().startsWith("workshop login"), e.fix());
        assertFalse(Files.exists(cache.file("ws")));
    }

    @Test
    void aCodeNobodyApprovesStopsAtItsOwnExpiryEvenIfTheServiceNeverSaysSo() {
        aws.approveOnPoll = 0;
        aws.deviceInterval = 5;
        aws.deviceCodeLifetime = 60;
        WorkshopException e = assertThrows(WorkshopException.class, this::signIn);
        assertEquals(3, e.exitCode());
        Duration waited = waits.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(Duration.ofSeconds(60)) < 0, "stopped within the code's life: " + waited);
        assertTrue(waited.compareTo(Duration.ofSeconds(50)) >= 0, "but not before: " + waited);
    }

    @Test
    void accessDeniedIsExitThreeSayingItWasDenied() {
        aws.deny = true;
        WorkshopException e = assertThrows(WorkshopException.class, this::signIn);
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("denied"), e.getMessage());
        assertTrue(e.fix().startsWith("workshop login"), e.fix());
    }

    @Test
    void anInterruptedWaitWritesNoToken() {
        aws.approveOnPoll = 0;
        SsoDeviceFlow f = new SsoDeviceFlow(oidc, cache, clock, d -> {
            throw new InterruptedException("Ctrl-C");
        });
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> f.signIn("ws", START_URL, "us-east-1", List.of("sso:account:access"), prompts::add));
        assertEquals(3, e.exitCode());
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertFalse(Files.exists(cache.file("ws")));
    }

    @Test
    void theClientRegistrationIsReusedUntilFifteenMinutesBeforeItExpires() {
        aws.approveOnPoll = 1;
        signIn();
        signIn();
        assertEquals(1, aws.registrations.get(), "second sign-in reused the cached registration");
        clock.advance(Duration.ofDays(90).minus(Duration.ofMinutes(14)));
        signIn();
        assertEquals(2, aws.registrations.get(), "a registration with under 15 minutes left is replaced");
    }
}
