package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void theSecretMatchesOnlyItselfWithItsDigestComputedOnce() {
        Secret s = Secret.of("fixture-agi-secret-0123");
        assertTrue(s.matches("fixture-agi-secret-0123"));
        assertTrue(s.matches("fixture-agi-secret-0123"), "a second compare against the cached digest");
        assertFalse(s.matches("fixture-agi-secret-0124"));
        assertFalse(s.matches("fixture-agi-secret-012"));
        assertFalse(s.matches(""));
        assertFalse(s.matches(null));
        assertEquals("****", s.toString());
    }

    @Test
    void anEmptySecretMatchesOnlyTheEmptyStringAndAccessRefusesIt() {
        assertTrue(Secret.of(null).matches(""));
        assertFalse(Secret.of("").matches("x"));
    }
}
