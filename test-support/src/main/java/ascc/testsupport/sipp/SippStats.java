package ascc.testsupport.sipp;

import java.util.List;

/** Reads the cumulative successful/failed call counts out of SIPp's screen dump or statistics csv. */
final class SippStats {

    private SippStats() {
    }

    /**
     * From the last statistics screen: lines like {@code "  Successful call   |   0   |   1   "} (periodic, cumulative).
     *
     * @return {successful, failed}, each -1 when not found
     */
    static long[] fromScreen(String screen) {
        return new long[] {lastColumn(screen, "Successful call"), lastColumn(screen, "Failed call")};
    }

    private static long lastColumn(String screen, String label) {
        long value = -1;
        for (String line : screen.lines().toList()) {
            if (!line.trim().startsWith(label)) {
                continue;
            }
            String[] columns = line.split("\\|");
            for (int i = columns.length - 1; i > 0; i--) {
                String cell = columns[i].trim();
                if (!cell.isEmpty()) {
                    try {
                        value = Long.parseLong(cell);
                    } catch (NumberFormatException e) {
                        value = -1;
                    }
                    break;
                }
            }
        }
        return value;
    }

    /**
     * From a -trace_stat csv (';'-separated, header first): SuccessfulCall(C) and FailedCall(C) of the last row.
     *
     * @return {successful, failed}, each -1 when not found
     */
    static long[] fromCsv(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            return new long[] {-1, -1};
        }
        List<String> header = List.of(lines.get(0).split(";", -1));
        String[] last = lines.get(lines.size() - 1).split(";", -1);
        return new long[] {cell(header, last, "SuccessfulCall(C)"), cell(header, last, "FailedCall(C)")};
    }

    private static long cell(List<String> header, String[] row, String column) {
        int index = header.indexOf(column);
        if (index < 0 || index >= row.length) {
            return -1;
        }
        try {
            return Long.parseLong(row[index].trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
