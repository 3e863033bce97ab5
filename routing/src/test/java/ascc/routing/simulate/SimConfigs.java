package ascc.routing.simulate;

import ascc.routing.config.Agent;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.OpeningHours;
import ascc.routing.config.Priorities;
import ascc.routing.config.Secret;
import ascc.routing.config.TimeRange;
import ascc.routing.config.WeeklyHours;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built configurations for simulator tests (routing has no YAML reader). */
final class SimConfigs {
    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private SimConfigs() {
    }

    static EngineSettings engine() {
        return new EngineSettings("127.0.0.1", 4573, "127.0.0.1", 5038, "ascc", Secret.of("ami"), "", "ascc", Secret.of("db"), "var/db",
                "127.0.0.1", 8080, Secret.of("token"), SEOUL, List.of("15880000"), "general", "127.0.0.1", 5060, List.of("127.0.0.1"),
                "127.0.0.1", "", "var/spool", new Priorities(7, 1, 5, 10));
    }

    static WeeklyHours always() {
        Map<DayOfWeek, List<TimeRange>> m = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            m.put(d, List.of(new TimeRange(LocalTime.MIDNIGHT, LocalTime.MAX)));
        }
        return new WeeklyHours(m);
    }

    static WeeklyHours weekdays(int fromHour, int toHour) {
        Map<DayOfWeek, List<TimeRange>> m = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            m.put(d, List.of(new TimeRange(LocalTime.of(fromHour, 0), LocalTime.of(toHour, 0))));
        }
        return new WeeklyHours(m);
    }

    /** One company {@code acme} (home appliances, VIP number 01099990000) on desk {@code d1} with {@code agents} experts. */
    static CenterConfig singleDesk(int agents, WeeklyHours hours) {
        List<Agent> list = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            list.add(new Agent(Integer.toString(1000 + i), "agent " + i, Secret.of("pw"), Map.of("d1", 5)));
        }
        return new CenterConfig(engine(),
                List.of(new Company("acme", "Acme", "101", List.of("0215880001"), List.of(Category.HOME_APPLIANCES),
                        List.of("01099990000"))),
                List.of(new Desk("d1", "desk one", List.of(Category.HOME_APPLIANCES), 0), new Desk("general", "general", List.of(), 0)),
                list, new OpeningHours(hours, Map.of(), Map.of(), List.of(), List.of()));
    }

    static TrafficProfile.Entry acme(double callsPerHour, Distribution handle, Distribution patience) {
        double[] rate = new double[TrafficProfile.WEEK_HOURS];
        Arrays.fill(rate, callsPerHour);
        return new TrafficProfile.Entry("company acme", Optional.of("acme"), Optional.empty(), Map.of(), rate, handle, patience, 0, 0,
                0.5, 0.9);
    }
}
