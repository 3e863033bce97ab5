package ascc.core.national;

import ascc.core.national.NationalModel.Built;
import ascc.core.national.NationalModel.Company;
import ascc.core.national.NationalModel.Family;
import ascc.core.national.NationalModel.HoursKind;
import ascc.routing.simulate.TrafficProfile;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Month;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes the national model's traffic as a profile file for {@code ivr simulate run --profile} (the format of
 * docs/simulator.md): three day shapes (standard and extended weekdays, Saturday mornings) and per company its calls per
 * day of the average week (of the year, or of one month), its categories' shares and its talk time. A company open on
 * Saturdays has two entries (weekdays, Saturday: the shapes differ). The average week of the year puts a normal day's
 * calls on public holidays too, where the center is closed: simulate whole weeks without a holiday, or the year week by
 * week with {@link NationalTraffic#week} (benchmarks/simulate-national.sh).
 */
public final class NationalProfileYaml {
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    private NationalProfileYaml() {
    }

    /** Writes the profile to {@code file} (its directory created). */
    public static void write(Built built, Optional<Month> month, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        double[][] week = new double[HoursKind.values().length][];
        for (HoursKind k : HoursKind.values()) {
            week[k.ordinal()] = NationalTraffic.averageWeek(built.shape(), k, month);
        }
        NationalModel m = built.model();
        StringBuilder sb = new StringBuilder(built.companyList().size() * 220);
        sb.append("# Traffic profile of the generated national config: 'ivr simulate generate --companies ").append(m.companies())
                .append(" --seed ").append(m.seed()).append(" --annual-calls ").append(m.annualCalls()).append(" --year ")
                .append(m.year()).append("'.\n# The average week of ").append(month.map(x -> x.name().toLowerCase(Locale.ROOT))
                        .orElse("the year")).append(" ").append(m.year())
                .append(". Format: docs/simulator.md. Holidays get a normal day's calls here (the center is closed):\n"
                        + "# simulate weeks without one, or the year with benchmarks/simulate-national.sh (week by week, dated).\n");
        sb.append("defaults:\n  patience: exponential ").append(fmt(NationalTraffic.PATIENCE_SECONDS)).append("\n  repeat-share: ")
                .append(NationalTraffic.REPEAT_SHARE).append("\n  callback-accept: ").append(NationalTraffic.CALLBACK_ACCEPT)
                .append("\n  callback-answer: ").append(NationalTraffic.CALLBACK_ANSWER).append('\n');
        sb.append("shapes:\n");
        shape(sb, "standard", week[HoursKind.STANDARD.ordinal()], 0);
        shape(sb, "extended", week[HoursKind.EXTENDED.ordinal()], 0);
        shape(sb, "saturday", week[HoursKind.STANDARD.ordinal()], 5);
        sb.append("traffic:\n");
        for (Company c : built.companyList()) {
            double[] w = week[c.hours().ordinal()];
            StringBuilder cats = new StringBuilder();
            double talk = 0;
            for (int k = 0; k < c.categories().size(); k++) {
                cats.append(k == 0 ? "" : ", ").append(c.categories().get(k).id()).append(": ").append(fmt(c.categoryShare()[k]));
                talk += c.categoryShare()[k] * Family.of(c.categories().get(k)).talkSeconds();
            }
            String tail = ", categories: {" + cats + "}, handle: lognormal " + fmt(talk) + " sd " + fmt(0.7 * talk) + "}\n";
            sb.append("  - {company: ").append(c.id()).append(", shape: ")
                    .append(c.hours() == HoursKind.EXTENDED ? "extended" : "standard").append(", calls-per-day: {");
            for (int d = 0; d < 5; d++) {
                sb.append(d == 0 ? "" : ", ").append(DAYS[d]).append(": ").append(fmt(c.annualCalls() * day(w, d)));
            }
            sb.append('}').append(tail);
            if (day(w, 5) > 0) {
                sb.append("  - {company: ").append(c.id()).append(", shape: saturday, calls-per-day: {sat: ")
                        .append(fmt(c.annualCalls() * day(w, 5))).append('}').append(tail);
            }
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(sb.toString());
        }
    }

    private static double day(double[] week, int d) {
        double s = 0;
        for (int h = 0; h < 24; h++) {
            s += week[d * 24 + h];
        }
        return s;
    }

    /** The hour shares of day {@code d} of {@code week}, as weights (they are scaled to the day's total). */
    private static void shape(StringBuilder sb, String name, double[] week, int d) {
        double total = day(week, d);
        sb.append("  ").append(name).append(": [");
        for (int h = 0; h < 24; h++) {
            sb.append(h == 0 ? "" : ", ").append(fmt(total == 0 ? 0 : 1000 * week[d * 24 + h] / total));
        }
        sb.append("]\n");
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Calls a week the written profile holds (for checks). */
    static double callsPerWeek(TrafficProfile p) {
        return p.entries().stream().mapToDouble(TrafficProfile.Entry::callsPerWeek).sum();
    }
}
