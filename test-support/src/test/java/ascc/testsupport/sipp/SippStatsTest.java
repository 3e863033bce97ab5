package ascc.testsupport.sipp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SippStatsTest {

    @Test
    void readsCumulativeColumnOfTheLastScreen() {
        String screen = """
              Successful call        |        0                  |        1
              Failed call            |        0                  |        0
            ------------------------------ Test Terminated --------------------------------
              Successful call        |        3                  |        7
              Failed call            |        1                  |        2
            """;
        assertArrayEquals(new long[] {7, 2}, SippStats.fromScreen(screen));
    }

    @Test
    void reportsUnknownWhenScreenHasNoStatistics() {
        assertArrayEquals(new long[] {-1, -1}, SippStats.fromScreen("Resolving remote host '127.0.0.1'... Done.\n"));
    }

    @Test
    void readsCumulativeCountsFromLastCsvRow() {
        String csv = "StartTime;CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);\n"
            + "2026-11-21\t23:16:36.07;0;0;0;0;0;\n"
            + "2026-11-21\t23:16:37.07;0;1;5;0;3;\n";
        assertArrayEquals(new long[] {5, 3}, SippStats.fromCsv(csv));
    }
}
