package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** One masking policy for URLs: no password survives, the rest stays readable. */
class RedactTest {

    @Test
    void passwordParametersAndUserInfoAreMaskedTheRestStays() {
        assertEquals("jdbc:mariadb://db:3306/ascc?user=ascc&password=****&useSsl=true",
                Redact.url("jdbc:mariadb://db:3306/ascc?user=ascc&password=s3cr3t&useSsl=true"));
        assertEquals("jdbc:mariadb://ascc:****@db/ascc", Redact.url("jdbc:mariadb://ascc:s3cr3t@db/ascc"));
        assertEquals("jdbc:mariadb://db/ascc?PWD=****;passwd=****", Redact.url("jdbc:mariadb://db/ascc?PWD=a1;passwd=b2"));
        assertEquals("jdbc:mariadb://db:3306/ascc", Redact.url("jdbc:mariadb://db:3306/ascc"));
        assertNull(Redact.url(null));
    }

    @Test
    void aUrlInsideALogMessageIsMaskedUpToTheNextSpaceErringOnHidingMore() {
        // a password may contain ')' or ':': everything up to '&', ';' or white space goes
        assertEquals("cannot use database (jdbc:mariadb://db/ascc?password=**** Access denied",
                Redact.url("cannot use database (jdbc:mariadb://db/ascc?password=s3cr3t): Access denied"));
    }

    @Property(tries = 300, seed = "20261206")
    void noPasswordOfLettersAndDigitsSurvivesEitherForm(@ForAll @AlphaChars @NumericChars @StringLength(min = 6, max = 30) String pw) {
        String masked = Redact.url("jdbc:mariadb://u:" + pw + "@db:3306/ascc?user=u&password=" + pw);
        assertFalse(masked.contains(":" + pw + "@") || masked.contains("=" + pw), masked);
        assertEquals("jdbc:mariadb://u:****@db:3306/ascc?user=u&password=****", masked);
    }
}
