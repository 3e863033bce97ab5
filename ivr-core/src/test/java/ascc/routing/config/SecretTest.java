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
    void theClonedDigestIsSha256OfTheUtf8Text() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenHash.of("abc").hex());
        assertEquals(TokenHash.of("abc").hex(), TokenHash.of("abc").hex(), "a second digest from a fresh clone");
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", TokenHash.of(null).hex());
    }

    @Test
    void anEmptySecretMatchesOnlyTheEmptyStringAndAccessRefusesIt() {
        assertTrue(Secret.of(null).matches(""));
        assertFalse(Secret.of("").matches("x"));
    }
}
