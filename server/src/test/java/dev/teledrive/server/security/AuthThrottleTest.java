package dev.teledrive.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.teledrive.api.testkit.ManualClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuthThrottleTest {

    private final ManualClock clock = new ManualClock();
    private final AuthThrottle throttle = new AuthThrottle(clock, AuthThrottle.Settings.defaults());

    @Test
    void theFirstFiveWrongTokensAreFreeThenEachLocksOutTwiceAsLongUpToTheCeiling() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), throttle.lockout("10.0.0.1"));
            throttle.failed("10.0.0.1");
        }
        assertEquals(Optional.empty(), throttle.lockout("10.0.0.1"), "people mistype");
        long[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
        for (long seconds : expected) {
            throttle.failed("10.0.0.1");
            assertEquals(Optional.of(Duration.ofSeconds(seconds)), throttle.lockout("10.0.0.1"));
            clock.advance(Duration.ofSeconds(seconds));
            assertEquals(Optional.empty(), throttle.lockout("10.0.0.1"), "free to try again after " + seconds + " s");
        }
        assertEquals(Optional.empty(), throttle.lockout("10.0.0.2"), "other addresses are not slowed down");
    }

    @Test
    void anAddressIsForgivenAQuarterOfAnHourAfterItsLastWrongToken() {
        for (int i = 0; i < 7; i++) {
            throttle.failed("10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(15));
        throttle.failed("10.0.0.1");
        assertEquals(Optional.empty(), throttle.lockout("10.0.0.1"), "counted from one again");
    }

    @Test
    void aRunOfWrongTokensIsOneLogLineAMinuteWithACount() {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(AuthThrottle.class);
        logger.addAppender(appender);
        try {
            for (int i = 0; i < 1_000; i++) {
                throttle.failed("10.0.0." + (i % 50));
                clock.advance(Duration.ofMillis(50)); // 50 s in all
            }
            assertEquals(1, appender.list.size());
            clock.advance(Duration.ofSeconds(11));
            throttle.failed("10.0.0.9");
            assertEquals(2, appender.list.size());
            assertTrue(
                    appender.list.get(1).getFormattedMessage().contains("and 999 more like it"),
                    appender.list.get(1).getFormattedMessage());
        } finally {
            logger.detachAppender(appender);
        }
    }
}
