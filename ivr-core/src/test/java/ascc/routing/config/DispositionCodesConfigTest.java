package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** desks.yaml's {@code dispositions:} list per desk: the agent desktop's codes. */
class DispositionCodesConfigTest {
    @TempDir
    Path dir;

    private static String desks(String applianceExtra) {
        return """
                desks:
                  - id: appliance
                    name: Appliances
                    categories: [home-appliances]
                """ + applianceExtra + """
                  - id: digital
                    name: Digital
                    categories: [pcs]
                  - id: general
                    name: General
                """;
    }

    @Test
    void eachDeskHasItsOwnCodesInFileOrderAndNoneByDefault() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir).write("desks.yaml", desks("""
                    dispositions:
                      - {code: solved, label: Solved on the phone}
                      - code: repair
                        label: Repair case opened
                """)).load();
        assertEquals(List.of(new Disposition("solved", "Solved on the phone"), new Disposition("repair", "Repair case opened")),
                c.desks().get("appliance").dispositions());
        assertEquals(List.of(), c.desks().get("digital").dispositions());
        assertEquals("Repair case opened", c.desks().get("appliance").disposition("repair").orElseThrow().label());
    }

    @Test
    void unknownKeysBadAndDuplicateCodesAndMissingLabelsAreProblemsWithTheirLine() {
        ConfigFixture.in(dir).write("desks.yaml", desks("""
                    dispositions:
                      - {code: solved, label: Solved, colour: green}
                      - {code: Solved!, label: Bad}
                      - {code: solved, label: Again}
                      - {code: nolabel}
                """)).assertProblems(
                "desks.yaml:6: desks[0].dispositions[0].colour: unknown key 'colour' (allowed: code, label)",
                "desks.yaml:7: desks[0].dispositions[1].code: invalid disposition code 'Solved!' (allowed: a lowercase letter or"
                        + " digit, then up to 31 lowercase letters, digits or '-', e.g. hanbit)",
                "desks.yaml:8: desks[0].dispositions[2].code: duplicate disposition code 'solved' (first at line 6)",
                "desks.yaml:9: desks[0].dispositions[3].label: missing required key 'label' (a label the agent desktop shows,"
                        + " e.g. Solved on the phone)");
    }

    @Test
    void aListIsRequired() {
        ConfigFixture.in(dir).write("desks.yaml", desks("""
                    dispositions: solved
                """)).assertProblems(
                "desks.yaml:5: desks[0].dispositions: expected a list of disposition codes (a list of mappings with keys code ("
                        + "a lowercase letter or digit, then up to 31 lowercase letters, digits or '-', e.g. hanbit) and label (text),"
                        + " e.g. [{code: solved, label: Solved on the phone}]), found a single value 'solved'");
    }
}
