package ascc.core.national;

import ascc.routing.config.Category;
import ascc.routing.simulate.erlang.ErlangC;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The national program at its long-run scale, as numbers: who the companies are (their categories, hours, size), which
 * desks serve which categories, how calls spread over the year, the week and the day, and how many agents each desk
 * needs for 80/20 at its busy hour (Erlang C). {@link NationalConfigWriter} writes it as a {@code conf/} directory.
 *
 * <p>Figures (docs/capacity-plan.md, "Where the national figures come from"): the program handled 1,974,506 consultations
 * for 502 companies in 2013, ~3,930 a company a year; 13,600 companies at that rate are ~54M calls a year. The shape
 * below puts the average weekday's busiest hour at ~26,000 calls. Company sizes are skewed (log-normal, sigma 1.3: the
 * largest ~60x the mean, like the humidifier maker with 300-500 calls a day). Everything is drawn from one seeded
 * {@link SplittableRandom} in a fixed order: the same arguments give the same model, byte for byte the same files.
 *
 * @param companies number of companies (1..200,000)
 * @param seed the random seed
 * @param annualCalls calls a year over all companies
 * @param year the calendar year the traffic shape is laid over (holidays of {@link NationalShape#HOLIDAYS})
 * @param pooling how desks pool companies: one desk per category, or one per product family
 */
public record NationalModel(int companies, long seed, long annualCalls, int year, Pooling pooling) {

    /** The program's long-run scale: 13,600 companies, 54M calls in 2027, one desk per category. */
    public static final NationalModel NATIONAL = new NationalModel(13_600, 1, 54_000_000L, 2027, Pooling.CATEGORY);

    /** How agents are grouped into desks (every desk serves its categories for every company). */
    public enum Pooling {
        /** 17 desks, one per product category. */
        CATEGORY,
        /** 5 desks, one per product family (several categories each). */
        FAMILY
    }

    /** Service level target: 80% answered within this many seconds. */
    public static final int SL_SECONDS = 20;
    /** Service level target fraction. */
    public static final double SL_TARGET = 0.80;
    /** Weekday opening hours of a company with extended hours (the desks are open this long). */
    public static final int EXTENDED_FROM = 8;
    public static final int EXTENDED_TO = 20;

    public NationalModel {
        if (companies < 1 || companies > 200_000) {
            throw new IllegalArgumentException("companies must be 1..200000, got " + companies);
        }
        if (annualCalls < companies) {
            throw new IllegalArgumentException("annual calls must be at least one per company, got " + annualCalls);
        }
        if (year < 2026 || year > 2027) {
            throw new IllegalArgumentException("year must be 2026 or 2027 (the years holidays.yaml lists), got " + year);
        }
    }

    /** Product families: the shipped conf/'s desks. */
    public enum Family {
        APPLIANCE("appliance", 240, 10, Category.HOME_APPLIANCES, Category.KITCHEN_APPLIANCES, Category.AV_EQUIPMENT,
                Category.LIGHTING),
        DIGITAL("digital", 300, 20, Category.MULTIMEDIA, Category.PCS, Category.SOFTWARE),
        LIVING("living", 180, 10, Category.HOUSEHOLD_GOODS, Category.FURNITURE, Category.HOME_INTERIOR, Category.BABY_PRODUCTS),
        CARE("care", 210, 10, Category.MEDICAL_DEVICES, Category.BEAUTY, Category.SPORTS_GOODS, Category.FASHION_ACCESSORIES),
        INDUSTRIAL("industrial", 330, 30, Category.CAR_ACCESSORIES, Category.INDUSTRIAL_EQUIPMENT);

        private final String id;
        private final int talkSeconds;
        private final int wrapUpSeconds;
        private final List<Category> categories;

        Family(String id, int talkSeconds, int wrapUpSeconds, Category... categories) {
            this.id = id;
            this.talkSeconds = talkSeconds;
            this.wrapUpSeconds = wrapUpSeconds;
            this.categories = List.of(categories);
        }

        public String id() {
            return id;
        }

        /** Mean talk time of a call in this family, seconds. */
        public int talkSeconds() {
            return talkSeconds;
        }

        public int wrapUpSeconds() {
            return wrapUpSeconds;
        }

        public List<Category> categories() {
            return categories;
        }

        public static Family of(Category c) {
            for (Family f : values()) {
                if (f.categories.contains(c)) {
                    return f;
                }
            }
            throw new IllegalStateException("no family for " + c);
        }
    }

    /** Relative popularity of the categories among enrolled companies (home and kitchen appliances lead). */
    static final Map<Category, Integer> CATEGORY_WEIGHT = weights();

    private static Map<Category, Integer> weights() {
        Map<Category, Integer> w = new EnumMap<>(Category.class);
        int[] v = {14, 12, 5, 9, 5, 4, 4, 6, 6, 6, 5, 3, 3, 4, 4, 6, 4};
        Category[] all = Category.values();
        for (int i = 0; i < all.length; i++) {
            w.put(all[i], v[i]);
        }
        return w;
    }

    /** A company's weekly hours, as written in hours.yaml. */
    public enum HoursKind {
        /** The center's default: mon-fri 09:00-18:00, sat 09:00-13:00. */
        STANDARD,
        /** mon-fri 08:00-20:00 (large makers), sat 09:00-13:00. */
        EXTENDED,
        /** mon-fri 09:00-18:00, Saturday closed. */
        NO_SATURDAY
    }

    /**
     * One generated company.
     *
     * @param index 0-based position
     * @param categories enrolled categories, menu order
     * @param categoryShare share of the company's calls per category (same order, sums to 1)
     * @param annualCalls expected calls a year
     * @param hours its weekly hours
     * @param ownNumber whether it has its own number (else callers use the shared number and its code)
     * @param voicemail after hours voicemail instead of a callback
     */
    public record Company(int index, List<Category> categories, double[] categoryShare, double annualCalls, HoursKind hours,
            boolean ownNumber, boolean voicemail) {
        public String id() {
            return NationalModel.companyId(index);
        }

        public String code() {
            return Integer.toString(10_000 + index);
        }

        public String number() {
            return String.format("0507%07d", index);
        }
    }

    /** Id of company {@code i}. */
    public static String companyId(int i) {
        return String.format("m%05d", i);
    }

    /**
     * One desk: its categories, handle times and agents.
     *
     * @param id desk id
     * @param categories categories it serves
     * @param talkSeconds mean talk time
     * @param wrapUpSeconds wrap-up after each call
     * @param busyHourCalls calls in its busiest hour of an average weekday
     * @param averageHourCalls calls in an average open hour of an average weekday (09-18)
     * @param agentsBusyHour agents for 80/20 at {@code busyHourCalls} (Erlang C)
     * @param agentsAverageHour agents for 80/20 at {@code averageHourCalls}
     */
    public record Desk(String id, List<Category> categories, int talkSeconds, int wrapUpSeconds, double busyHourCalls,
            double averageHourCalls, int agentsBusyHour, int agentsAverageHour) {
    }

    /**
     * The built model.
     *
     * @param companyList every company
     * @param desks the serving desks (category or family), without general and reserve
     * @param shape how calls spread over the year
     * @param busyHourCalls calls in the average weekday's busiest hour, all companies
     * @param peakHourCalls calls in the year's busiest hour
     * @param perCompanyAgents agents 80/20 at each company's busy hour if every company had its own agents, summed
     */
    public record Built(NationalModel model, List<Company> companyList, List<Desk> desks, NationalShape shape, double busyHourCalls,
            double peakHourCalls, long perCompanyAgents) {
        public int agentsBusyHour() {
            return desks.stream().mapToInt(Desk::agentsBusyHour).sum();
        }
    }

    /** Draws the companies and sizes the desks. */
    public Built build() {
        SplittableRandom rnd = new SplittableRandom(seed);
        NationalShape shape = new NationalShape(year);
        List<Company> list = new ArrayList<>(companies);
        double[] weight = new double[companies];
        double sum = 0;
        for (int i = 0; i < companies; i++) {
            weight[i] = Math.exp(1.3 * gaussian(rnd));
            sum += weight[i];
        }
        Category[] all = Category.values();
        int totalWeight = CATEGORY_WEIGHT.values().stream().mapToInt(Integer::intValue).sum();
        for (int i = 0; i < companies; i++) {
            double calls = annualCalls * weight[i] / sum;
            int count = pickCount(rnd.nextDouble());
            List<Category> cats = new ArrayList<>(count);
            cats.add(pick(rnd, all, totalWeight, Set.of()));
            while (cats.size() < count) {
                Family f = Family.of(cats.get(0));
                Category next;
                if (rnd.nextDouble() < 0.7 && cats.size() < f.categories().size()) {
                    List<Category> left = new ArrayList<>(f.categories());
                    left.removeAll(cats);
                    next = left.get(rnd.nextInt(left.size()));
                } else {
                    next = pick(rnd, all, totalWeight, Set.copyOf(cats));
                }
                cats.add(next);
            }
            double[] share = new double[count];
            double s = 0;
            for (int k = 0; k < count; k++) {
                share[k] = 1.0 / (1 + k);
                s += share[k];
            }
            for (int k = 0; k < count; k++) {
                share[k] /= s;
            }
            double h = rnd.nextDouble();
            // the largest makers keep longer hours; small ones more often close on Saturdays
            HoursKind hours = weight[i] / sum * companies > 4 || h < 0.08 ? HoursKind.EXTENDED
                    : h < 0.25 ? HoursKind.NO_SATURDAY : HoursKind.STANDARD;
            boolean own = rnd.nextDouble() < 0.85;
            boolean voicemail = rnd.nextDouble() < 0.1;
            list.add(new Company(i, List.copyOf(cats), share, calls, hours, own, voicemail));
        }
        return size(list, shape);
    }

    private Built size(List<Company> list, NationalShape shape) {
        List<Desk> desks = new ArrayList<>();
        List<List<Category>> groups = new ArrayList<>();
        if (pooling == Pooling.CATEGORY) {
            for (Category c : Category.values()) {
                groups.add(List.of(c));
            }
        } else {
            for (Family f : Family.values()) {
                groups.add(f.categories());
            }
        }
        double[] dayBusy = new double[groups.size()];
        double[] dayAverage = new double[groups.size()];
        long perCompany = 0;
        for (Company c : list) {
            double busy = c.annualCalls() * shape.busyHourFraction(c.hours());
            double average = c.annualCalls() * shape.averageHourFraction(c.hours());
            double companyErlangs = 0;
            for (int k = 0; k < c.categories().size(); k++) {
                Category cat = c.categories().get(k);
                int g = groupOf(groups, cat);
                dayBusy[g] += busy * c.categoryShare()[k];
                dayAverage[g] += average * c.categoryShare()[k];
                Family f = Family.of(cat);
                companyErlangs += busy * c.categoryShare()[k] * (f.talkSeconds() + f.wrapUpSeconds()) / 3600.0;
            }
            double aht = companyErlangs * 3600.0 / Math.max(busy, 1e-9);
            perCompany += agentsFor(busy, aht);
        }
        for (int g = 0; g < groups.size(); g++) {
            List<Category> cats = groups.get(g);
            Family f = Family.of(cats.get(0));
            String id = pooling == Pooling.CATEGORY ? cats.get(0).id() : f.id();
            int aht = f.talkSeconds() + f.wrapUpSeconds();
            desks.add(new Desk(id, cats, f.talkSeconds(), f.wrapUpSeconds(), dayBusy[g], dayAverage[g],
                    agentsFor(dayBusy[g], aht), agentsFor(dayAverage[g], aht)));
        }
        double busy = 0;
        for (Company c : list) {
            busy += c.annualCalls() * shape.busyHourFraction(c.hours());
        }
        return new Built(this, List.copyOf(list), List.copyOf(desks), shape, busy, shape.peakHourCalls(list), perCompany);
    }

    /** Agents for 80/20 (Erlang C), at least one: a desk or company with any traffic has someone to answer. */
    static int agentsFor(double callsPerHour, double handleSeconds) {
        return Math.max(1, ErlangC.agentsFor(SL_TARGET, callsPerHour, handleSeconds, SL_SECONDS));
    }

    private static int groupOf(List<List<Category>> groups, Category c) {
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).contains(c)) {
                return g;
            }
        }
        throw new IllegalStateException("no desk for " + c);
    }

    private static int pickCount(double u) {
        return u < 0.55 ? 1 : u < 0.80 ? 2 : u < 0.92 ? 3 : u < 0.97 ? 4 : 5;
    }

    private static Category pick(SplittableRandom rnd, Category[] all, int totalWeight, Set<Category> not) {
        while (true) {
            int r = rnd.nextInt(totalWeight);
            for (Category c : all) {
                r -= CATEGORY_WEIGHT.get(c);
                if (r < 0) {
                    if (!not.contains(c)) {
                        return c;
                    }
                    break;
                }
            }
        }
    }

    /** A standard normal draw (Box-Muller, one of the pair), so the sequence depends only on the seed. */
    static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Whether {@code d} is a weekday of the center (Monday to Friday). */
    static boolean weekday(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
