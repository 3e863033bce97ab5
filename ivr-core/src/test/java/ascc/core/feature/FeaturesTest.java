package ascc.core.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's start and stop order: features start in order, close in reverse, and a failed start stops the rest. */
class FeaturesTest {
    private final List<String> log = new ArrayList<>();

    private Feature feature(String name) {
        log.add("start " + name);
        return () -> log.add("close " + name);
    }

    @Test
    void startsInOrderAndClosesInReverse() throws Exception {
        Features features = new Features();
        features.start("a", () -> feature("a"));
        features.start("b", () -> feature("b"));
        features.onClose("c", () -> log.add("close c"));
        assertEquals(List.of("a", "b", "c"), features.names());

        features.close();

        assertEquals(List.of("start a", "start b", "close c", "close b", "close a"), log);
        features.close();
        assertEquals(5, log.size(), "closing twice closes nothing twice");
    }

    @Test
    void aFailureInTheThirdFeatureClosesTheFirstTwoInReverseAndIsRethrown() throws Exception {
        Features features = new Features();
        features.start("a", () -> feature("a"));
        features.start("b", () -> feature("b"));
        IOException boom = new IOException("port taken");

        IOException thrown = assertThrows(IOException.class, () -> features.start("c", () -> {
            log.add("start c");
            throw boom;
        }));

        assertSame(boom, thrown);
        assertEquals(List.of("start a", "start b", "start c", "close b", "close a"), log);
        assertEquals(List.of(), features.names());
    }

    @Test
    void aConfigProblemAtStartAlsoStopsWhatStarted() throws Exception {
        Features features = new Features();
        features.start("a", () -> feature("a"));

        assertThrows(ConfigException.class, () -> features.start("b", () -> {
            throw new ConfigException(List.of(new Problem("overflow.yaml", 3, "desks", "unknown desk")));
        }));

        assertEquals(List.of("start a", "close a"), log);
    }

    @Test
    void aFeatureFailingToCloseDoesNotKeepTheOthersOpen() throws Exception {
        Features features = new Features();
        features.start("a", () -> feature("a"));
        features.onClose("b", () -> {
            throw new IllegalStateException("stuck");
        });
        features.start("c", () -> feature("c"));

        features.close();

        assertEquals(List.of("start a", "start c", "close c", "close a"), log);
    }
}
