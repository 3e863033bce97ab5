package ascc.testsupport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DigestAuthTest {

    @Test
    void computesRfc2617ExampleWithQopAuth() {
        String response = DigestAuth.response("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
            "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth");
        assertEquals("6629fae49393a05397450978507c4ef1", response);
    }

    @Test
    void answersChallengeWithoutQopInRfc2069Mode() {
        DigestAuth.Challenge challenge = new DigestAuth.Challenge("asterisk", "1a2b3c4d", null, null, null);
        DigestAuth.Answer answer = DigestAuth.answer(challenge, "1001", "secret", "REGISTER", "sip:127.0.0.1:5060", 1, "ignored");
        assertEquals("67547d9fe86c5e3265dcc757401e111e", answer.response());
        assertEquals("MD5", answer.algorithm());
        assertNull(answer.qop());
        assertNull(answer.nc());
        assertNull(answer.cnonce());
    }

    @Test
    void answersQopAuthWithNonceCountAsEightHexDigitsAndEchoesOpaque() {
        DigestAuth.Challenge challenge = new DigestAuth.Challenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            "5ccc069c403ebaf9f0171e9517f40e41", "MD5", "auth,auth-int");
        DigestAuth.Answer answer = DigestAuth.answer(challenge, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", 1,
            "0a4f113b");
        assertEquals("6629fae49393a05397450978507c4ef1", answer.response());
        assertEquals("auth", answer.qop());
        assertEquals("00000001", answer.nc());
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", answer.opaque());
    }

    @Test
    void answersSha256Challenge() {
        DigestAuth.Challenge challenge = new DigestAuth.Challenge("asterisk", "1a2b3c4d", null, "SHA-256", "auth");
        DigestAuth.Answer answer = DigestAuth.answer(challenge, "1001", "secret", "REGISTER", "sip:127.0.0.1:5060", 1,
            "deadbeef");
        assertEquals("4d606757f954e19b3c12b80706ca8f05feb8703c931826faa6e88b887501feba", answer.response());
    }

    @Test
    void treatsQopAuthIntOnlyAsNoUsableQop() {
        assertFalse(new DigestAuth.Challenge("r", "n", null, "MD5", "auth-int").offersQopAuth());
        assertTrue(new DigestAuth.Challenge("r", "n", null, "MD5", " auth-int , auth ").offersQopAuth());
    }

    @Test
    void rejectsUnsupportedAlgorithmNamingRealm() {
        DigestAuth.Challenge challenge = new DigestAuth.Challenge("asterisk", "n", null, "SHA-512-256", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DigestAuth.answer(challenge, "1001", "secret", "REGISTER", "sip:x", 1, "c"));
        assertTrue(e.getMessage().contains("SHA-512-256") && e.getMessage().contains("asterisk"), e.getMessage());
    }
}
