package ascc.core.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AmiBackoffTest {

    /** A Random whose nextDouble() is always {@code value}. */
    private static final class FixedRandom extends Random {
        private static final long serialVersionUID = 1L;
        private final double value;

        FixedRandom(double value) {
            this.value = value;
        }

        @Override
        public double nextDouble() {
            return value;
        }
    }

    private static List<Long> delays(double randomValue, int n) {
        AmiBackoff b = new AmiBackoff(Duration.ofMillis(250), Duration.ofSeconds(10), 0.2, new FixedRandom(randomValue));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.delay(i).toMillis());
        }
        return out;
    }

    @Test
    void doublesFrom250MsAndCapsAt10sWithoutJitterAtTheMiddle() {
        assertEquals(List.of(250L, 500L, 1000L, 2000L, 4000L, 8000L, 10000L, 10000L), delays(0.5, 8));
    }

    @Test
    void jitterSpreadsTwentyPercentDownAndUp() {
        assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L, 6400L, 8000L), delays(0.0, 7));
        assertEquals(List.of(300L, 600L, 1200L, 2400L, 4800L, 9600L, 12000L), delays(1.0, 7));
    }

    @Test
    void hugeAttemptNumbersDoNotOverflow() {
        AmiBackoff b = new AmiBackoff(Duration.ofMillis(250), Duration.ofSeconds(10), 0.2, new FixedRandom(0.5));
        assertEquals(10000L, b.baseMillis(63));
        assertEquals(10000L, b.baseMillis(Integer.MAX_VALUE));
        assertEquals(250L, b.baseMillis(-1));
    }
}
