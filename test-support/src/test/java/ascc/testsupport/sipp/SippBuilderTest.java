package ascc.testsupport.sipp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SippBuilderTest {

    @Test
    void buildsCommandLineWithScenarioOptionsAndTraceFilesInWorkDir() {
        Path dir = Path.of("sipp-x"); // only joined into the command line, never created
        List<String> cmd = Sipp.builder()
            .scenarioXml("customer", "<scenario/>")
            .remote("127.0.0.1", 5060)
            .service("1588").calls(10).rate(2).ratePeriod(Duration.ofSeconds(1)).limit(5).localPort(5099)
            .key("caller", "0101234567").set("hold_ms", "3000")
            .timeout(Duration.ofSeconds(5))
            .command(dir);
        String line = String.join(" ", cmd.subList(1, cmd.size()));
        assertTrue(cmd.get(0).endsWith("sipp"), cmd.get(0));
        assertEquals("-sf sipp-x/customer.xml -i 127.0.0.1 -mi 127.0.0.1 -p 5099 -s 1588 -m 10 -r 2 -rp 1000ms -l 5"
            + " -key caller 0101234567 -set hold_ms 3000 -nostdin -trace_screen -screen_file sipp-x/screen.log"
            + " -trace_err -error_file sipp-x/errors.log -trace_stat -stf sipp-x/stats.csv 127.0.0.1:5060", line);
    }

    @Test
    void shipsCustomerCallScenarioOnTheClasspath() {
        String xml = Sipp.resource("sipp/customer-call.xml");
        assertTrue(xml.contains("m=audio [media_port] RTP/AVP 0 101"));
        assertTrue(xml.contains("<pause variable=\"hold\"/>"));
    }
}
