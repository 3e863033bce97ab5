package ascc.core.config.yaml;

import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.CallWindow;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignKind;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.campaign.Dialing;
import ascc.routing.campaign.HappyCallRules;
import ascc.routing.campaign.Pacing;
import ascc.routing.campaign.Question;
import ascc.routing.campaign.QuestionKind;
import ascc.routing.campaign.RetryRule;

import ascc.routing.InquiryType;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads {@code campaigns.yaml} into {@link CampaignsConfig}, in the style of {@code ConfigLoader}: composed with line
 * marks, every problem collected as {@code campaigns.yaml:LINE: key.path: what is wrong and what is allowed}, unknown
 * keys are errors, and nothing is returned unless the whole file is valid. A missing file means no campaigns.
 */
public final class CampaignsLoader {
    /** The file name inside the config directory. */
    public static final String FILE = "campaigns.yaml";

    private static final List<String> ROOT_KEYS = List.of("trunk-channels", "dial", "campaigns");
    private static final List<String> DIAL_KEYS = List.of("channel", "ring-seconds", "caller-id");
    private static final List<String> CAMPAIGN_KEYS = List.of("company", "id", "kind", "questions", "schedule", "window", "pacing",
            "retries", "end-date", "happy-call");
    private static final List<String> QUESTION_KEYS = List.of("id", "kind", "prompt");
    private static final List<String> WINDOW_KEYS = List.of("days", "hours");
    private static final List<String> PACING_KEYS = List.of("max-concurrent", "calls-per-second");
    private static final List<String> RETRY_KEYS = List.of("busy", "no-answer", "congestion", "failed");
    private static final List<String> RULE_KEYS = List.of("max-attempts", "backoff");
    private static final List<String> HAPPY_KEYS = List.of("outcomes", "inquiry-types", "delay", "once-per-days", "low-score",
            "prompt", "follow-up-desk");
    private static final String NEXT_BUSINESS_DAY = "next-business-day";
    private static final int MAX_HAPPY_QUESTIONS = 2;
    private static final Map<String, AttemptResult> RETRY_RESULTS = Map.of("busy", AttemptResult.BUSY, "no-answer",
            AttemptResult.NO_ANSWER, "congestion", AttemptResult.CONGESTION, "failed", AttemptResult.FAILED);

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern PROMPT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern HOURS = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");
    private static final Pattern RATE = Pattern.compile("\\d{1,3}(\\.\\d{1,2})?");
    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*?/,#\\-]+");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY, "wed",
            DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);

    private static final String ID_ALLOWED = "a lowercase letter or digit, then up to 31 lowercase letters, digits or '-'";
    private static final String DURATION_ALLOWED = "a number and a unit s, m, h or d, e.g. 30m";
    private static final int MAX_QUESTIONS = 9;
    private static final int DEFAULT_TRUNK_CHANNELS = 10;

    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> companies;
    /** Known desk ids (desks.yaml) for {@code happy-call.follow-up-desk}; null: not checked. */
    private final Set<String> desks;

    private CampaignsLoader(Set<String> companies) {
        this(companies, null);
    }

    private CampaignsLoader(Set<String> companies, Set<String> desks) {
        this.companies = companies;
        this.desks = desks;
    }

    /**
     * Loads {@code dir/campaigns.yaml} like {@link #load(Path, Set, Map)}, and checks every happy-call
     * {@code follow-up-desk} against {@code desks} (desks.yaml).
     */
    public static CampaignsConfig load(Path dir, Set<String> companies, Set<String> desks, Map<String, String> env)
            throws ConfigException {
        if (!Files.exists(dir.resolve(FILE))) {
            return CampaignsConfig.NONE;
        }
        CampaignsLoader l = new CampaignsLoader(companies, desks);
        YamlDoc doc = YamlDoc.read(dir, FILE, l.problems, env);
        return l.build(doc);
    }

    /** Parses {@code text} as the contents of {@code campaigns.yaml}, checking follow-up desks against {@code desks}. */
    public static CampaignsConfig parse(String text, Set<String> companies, Set<String> desks) throws ConfigException {
        CampaignsLoader l = new CampaignsLoader(companies, desks);
        YamlDoc doc = YamlDoc.compose(FILE, text, l.problems, Map.of());
        return l.build(doc);
    }

    /**
     * Loads {@code dir/campaigns.yaml}; {@link CampaignsConfig#NONE} when the file does not exist.
     *
     * @param companies known company ids (companies.yaml); a campaign of another company is a problem
     */
    public static CampaignsConfig load(Path dir, Set<String> companies, Map<String, String> env) throws ConfigException {
        if (!Files.exists(dir.resolve(FILE))) {
            return CampaignsConfig.NONE;
        }
        CampaignsLoader l = new CampaignsLoader(companies);
        YamlDoc doc = YamlDoc.read(dir, FILE, l.problems, env);
        return l.build(doc);
    }

    /** Parses {@code text} as the contents of {@code campaigns.yaml}. */
    public static CampaignsConfig parse(String text, Set<String> companies) throws ConfigException {
        CampaignsLoader l = new CampaignsLoader(companies);
        YamlDoc doc = YamlDoc.compose(FILE, text, l.problems, Map.of());
        return l.build(doc);
    }

    private CampaignsConfig build(YamlDoc doc) throws ConfigException {
        CampaignsConfig result = doc == null ? null : read(doc);
        if (!problems.isEmpty() || result == null) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(Problem::line));
            throw new ConfigException(sorted);
        }
        return result;
    }

    private CampaignsConfig read(YamlDoc doc) {
        YamlDoc.Section root = doc.section(doc.root(), "", ROOT_KEYS);
        if (root == null) {
            return null;
        }
        int trunk = DEFAULT_TRUNK_CHANNELS;
        YamlDoc.Entry t = root.get("trunk-channels");
        if (t != null) {
            Integer n = doc.integer(t.value(), t.path(), 1, 10_000, "trunk channel limit");
            trunk = n == null ? trunk : n;
        }
        List<Campaign> campaigns = new ArrayList<>();
        YamlDoc.Entry list = root.get("campaigns");
        List<Node> nodes = list == null ? List.of() : doc.list(list.value(), list.path(), "campaigns");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; nodes != null && i < nodes.size(); i++) {
            String path = YamlDoc.item("campaigns", i);
            Campaign c = campaign(doc, nodes.get(i), path, seen);
            if (c != null) {
                campaigns.add(c);
            }
        }
        Dialing dialing = dialing(doc, root.get("dial"));
        return problems.isEmpty() && dialing != null ? new CampaignsConfig(trunk, campaigns, dialing) : null;
    }

    private static Dialing dialing(YamlDoc doc, YamlDoc.Entry e) {
        if (e == null) {
            return Dialing.DEFAULT;
        }
        YamlDoc.Section d = doc.section(e.value(), e.path(), DIAL_KEYS);
        if (d == null) {
            return null;
        }
        String channel = d.optionalText("channel", Dialing.DEFAULT.channel());
        boolean ok = true;
        if (channel == null || !channel.contains(Dialing.NUMBER) || !channel.matches("[A-Za-z0-9/@:._{}=;-]+")) {
            doc.problem(d.get("channel") == null ? e.value() : d.get("channel").value(), YamlDoc.child(e.path(), "channel"),
                    "invalid channel '" + channel + "' (allowed: an Asterisk channel with " + Dialing.NUMBER
                    + " for the customer's number, no spaces, e.g. PJSIP/{number}@carrier)");
            ok = false;
        }
        int ring = Dialing.DEFAULT.ringSeconds();
        if (d.get("ring-seconds") != null) {
            Integer r = doc.integer(d.get("ring-seconds").value(), YamlDoc.child(e.path(), "ring-seconds"), 5, 120, "ring time in seconds");
            ok &= r != null;
            ring = r == null ? ring : r;
        }
        String callerId = d.optionalText("caller-id", "");
        if (callerId == null || !callerId.matches("[0-9]{0,20}")) {
            doc.problem(d.get("caller-id").value(), YamlDoc.child(e.path(), "caller-id"), "invalid caller-id '" + callerId
                    + "' (allowed: up to 20 digits, the number customers see)");
            ok = false;
        }
        return ok ? new Dialing(channel, ring, callerId) : null;
    }

    private Campaign campaign(YamlDoc doc, Node node, String path, Map<String, Integer> seen) {
        int before = doc.problemCount();
        YamlDoc.Section s = doc.section(node, path, CAMPAIGN_KEYS);
        if (s == null) {
            return null;
        }
        String company = s.requiredText("company", "a company id from companies.yaml");
        if (company != null && companies != null && !companies.contains(company)) {
            doc.problem(s.get("company").value(), YamlDoc.child(path, "company"), "unknown company '" + company
                    + "' (not in companies.yaml)");
        }
        String id = s.requiredText("id", ID_ALLOWED);
        if (id != null && !ID.matcher(id).matches()) {
            doc.problem(s.get("id").value(), YamlDoc.child(path, "id"),
                    "invalid campaign id '" + id + "' (allowed: " + ID_ALLOWED + ")");
        } else if (id != null && company != null) {
            Integer first = seen.putIfAbsent(company + "/" + id, YamlDoc.line(s.get("id").value()));
            if (first != null) {
                doc.problem(s.get("id").value(), YamlDoc.child(path, "id"), "duplicate campaign '" + id + "' of company '" + company
                        + "' (first at line " + first + ")");
            }
        }
        CampaignKind kind = kind(doc, s, path);
        List<Question> questions = questions(doc, s, path);
        String schedule = schedule(doc, s, path);
        CallWindow window = window(doc, s, path);
        Pacing pacing = pacing(doc, s, path);
        Map<AttemptResult, RetryRule> retries = retries(doc, s, path);
        Optional<LocalDate> endDate = Optional.empty();
        YamlDoc.Entry e = s.get("end-date");
        if (e != null) {
            String v = doc.nonEmpty(e.value(), e.path(), "a date YYYY-MM-DD");
            try {
                endDate = v == null ? endDate : Optional.of(LocalDate.parse(v));
            } catch (DateTimeException ex) {
                doc.problem(e.value(), e.path(), "invalid date '" + v + "' (allowed: a date YYYY-MM-DD, e.g. 2026-12-31)");
            }
        } else if (kind == CampaignKind.SURVEY) {
            s.require("end-date", "a survey campaign needs its last day, YYYY-MM-DD");
        }
        Optional<HappyCallRules> happy = Optional.empty();
        YamlDoc.Entry h = s.get("happy-call");
        if (h != null && kind == CampaignKind.SURVEY) {
            doc.problem(h.key(), h.path(), "happy-call rules are only for a campaign of kind happy-call (this one is a survey)");
        } else if (h == null && kind == CampaignKind.HAPPY_CALL) {
            s.require("happy-call", "which calls qualify: outcomes, inquiry-types, delay, once-per-days, low-score");
        } else if (h != null) {
            happy = Optional.ofNullable(happyCall(doc, h.value(), h.path()));
        }
        if (happy.isPresent()) {
            happyQuestions(doc, s, questions);
        }
        if (doc.problemCount() > before) {
            return null;
        }
        return new Campaign(company, id, kind, questions, schedule, window, pacing, retries, endDate, happy);
    }

    private static CampaignKind kind(YamlDoc doc, YamlDoc.Section s, String path) {
        String v = s.requiredText("kind", "survey or happy-call");
        if (v == null) {
            return null;
        }
        for (CampaignKind k : CampaignKind.values()) {
            if (k.id().equals(v)) {
                return k;
            }
        }
        doc.problem(s.get("kind").value(), YamlDoc.child(path, "kind"),
                "unknown campaign kind '" + v + "' (allowed: survey, happy-call)");
        return null;
    }

    private static List<Question> questions(YamlDoc doc, YamlDoc.Section s, String path) {
        YamlDoc.Entry e = s.require("questions", "a list of 1 to " + MAX_QUESTIONS + " questions with id, kind and prompt");
        if (e == null) {
            return List.of();
        }
        List<Node> nodes = doc.list(e.value(), e.path(), "questions");
        if (nodes == null) {
            return List.of();
        }
        if (nodes.isEmpty() || nodes.size() > MAX_QUESTIONS) {
            doc.problem(e.value(), e.path(), nodes.size() + " questions (allowed: 1 to " + MAX_QUESTIONS + ")");
        }
        List<Question> out = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            String p = YamlDoc.item(e.path(), i);
            YamlDoc.Section q = doc.section(nodes.get(i), p, QUESTION_KEYS);
            if (q == null) {
                continue;
            }
            String id = q.requiredText("id", ID_ALLOWED);
            if (id != null && !ID.matcher(id).matches()) {
                doc.problem(q.get("id").value(), YamlDoc.child(p, "id"),
                        "invalid question id '" + id + "' (allowed: " + ID_ALLOWED + ")");
                id = null;
            } else if (id != null && ids.putIfAbsent(id, YamlDoc.line(q.get("id").value())) != null) {
                doc.problem(q.get("id").value(), YamlDoc.child(p, "id"), "duplicate question id '" + id + "' (first at line "
                        + ids.get(id) + ")");
                id = null;
            }
            String k = q.requiredText("kind", "scale1to5 or yes-no");
            QuestionKind kind = null;
            for (QuestionKind qk : QuestionKind.values()) {
                if (qk.id().equals(k)) {
                    kind = qk;
                }
            }
            if (k != null && kind == null) {
                doc.problem(q.get("kind").value(), YamlDoc.child(p, "kind"), "unknown question kind '" + k
                        + "' (allowed: scale1to5, yes-no)");
            }
            String prompt = q.requiredText("prompt", "a prompt name, e.g. survey-q1");
            if (prompt != null && !PROMPT.matcher(prompt).matches()) {
                doc.problem(q.get("prompt").value(), YamlDoc.child(p, "prompt"), "invalid prompt name '" + prompt
                        + "' (allowed: lowercase letters, digits, '-' and '_', e.g. survey-q1)");
                prompt = null;
            }
            if (id != null && kind != null && prompt != null) {
                out.add(new Question(id, kind, prompt));
            }
        }
        return out;
    }

    /** A Quartz cron expression: 6 or 7 fields of digits, names and {@code * ? / , - # L W}. Quartz checks the rest at start. */
    private static String schedule(YamlDoc doc, YamlDoc.Section s, String path) {
        String allowed = "a Quartz cron expression, 6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year],"
                + " e.g. \"0 0/5 10-17 ? * MON-FRI\"";
        String v = s.requiredText("schedule", allowed);
        if (v == null) {
            return null;
        }
        String[] fields = v.split("\\s+");
        boolean ok = fields.length == 6 || fields.length == 7;
        for (String f : fields) {
            ok &= CRON_FIELD.matcher(f).matches();
        }
        if (ok && !fields[3].equals("?") && !fields[5].equals("?")) {
            doc.problem(s.get("schedule").value(), YamlDoc.child(path, "schedule"), "invalid schedule '" + v
                    + "': Quartz needs '?' in day-of-month or day-of-week (allowed: " + allowed + ")");
            return null;
        }
        if (!ok) {
            doc.problem(s.get("schedule").value(), YamlDoc.child(path, "schedule"), "invalid schedule '" + v + "' (allowed: "
                    + allowed + ")");
            return null;
        }
        return v;
    }

    private static CallWindow window(YamlDoc doc, YamlDoc.Section s, String path) {
        YamlDoc.Entry e = s.require("window", "days and hours, e.g. {days: [mon, tue, wed, thu, fri], hours: \"10:00-18:00\"}");
        if (e == null) {
            return null;
        }
        YamlDoc.Section w = doc.section(e.value(), e.path(), WINDOW_KEYS);
        if (w == null) {
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        YamlDoc.Entry d = w.require("days", "a list of mon, tue, wed, thu, fri, sat, sun");
        List<YamlDoc.Item> items = d == null ? null : doc.texts(d.value(), d.path(), "days");
        boolean ok = items != null;
        for (YamlDoc.Item it : items == null ? List.<YamlDoc.Item>of() : items) {
            DayOfWeek day = DAYS.get(it.value().toLowerCase(java.util.Locale.ROOT));
            if (day == null) {
                doc.problem(it.node(), it.path(), "unknown day '" + it.value() + "' (allowed: mon, tue, wed, thu, fri, sat, sun)");
                ok = false;
            } else {
                days.add(day);
            }
        }
        if (ok && days.isEmpty()) {
            doc.problem(d.value(), d.path(), "no days: a call window needs at least one day");
            ok = false;
        }
        String hours = w.requiredText("hours", "HH:MM-HH:MM, e.g. \"10:00-18:00\"");
        LocalTime from = null;
        LocalTime to = null;
        if (hours != null) {
            Matcher m = HOURS.matcher(hours);
            try {
                if (m.matches()) {
                    from = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                    to = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
                }
            } catch (DateTimeException ex) {
                from = null;
            }
            if (from == null || to == null || !from.isBefore(to)) {
                doc.problem(w.get("hours").value(), YamlDoc.child(e.path(), "hours"), "invalid hours '" + hours
                        + "' (allowed: HH:MM-HH:MM with the start before the end, within one day, e.g. \"10:00-18:00\")");
                ok = false;
            }
        }
        return ok && from != null && to != null ? new CallWindow(days, from, to) : null;
    }

    private static Pacing pacing(YamlDoc doc, YamlDoc.Section s, String path) {
        YamlDoc.Entry e = s.require("pacing", "max-concurrent and calls-per-second");
        if (e == null) {
            return null;
        }
        YamlDoc.Section p = doc.section(e.value(), e.path(), PACING_KEYS);
        if (p == null) {
            return null;
        }
        Integer max = p.requiredInt("max-concurrent", 1, 1000, "concurrent call limit");
        String rate = p.requiredText("calls-per-second", "a number 0.01..100, e.g. 2 or 0.5");
        Double cps = null;
        if (rate != null) {
            if (RATE.matcher(rate).matches() && Double.parseDouble(rate) >= 0.01 && Double.parseDouble(rate) <= 100) {
                cps = Double.parseDouble(rate);
            } else {
                doc.problem(p.get("calls-per-second").value(), YamlDoc.child(e.path(), "calls-per-second"), "invalid rate '" + rate
                        + "' (allowed: a number 0.01..100 with at most 2 decimals, e.g. 2 or 0.5)");
            }
        }
        return max == null || cps == null ? null : new Pacing(max, cps);
    }

    private static Map<AttemptResult, RetryRule> retries(YamlDoc doc, YamlDoc.Section s, String path) {
        Map<AttemptResult, RetryRule> out = new EnumMap<>(AttemptResult.class);
        YamlDoc.Entry e = s.get("retries");
        if (e == null) {
            return out;
        }
        YamlDoc.Section r = doc.section(e.value(), e.path(), RETRY_KEYS);
        if (r == null) {
            return out;
        }
        for (YamlDoc.Entry re : r.entries().values()) {
            YamlDoc.Section rule = doc.section(re.value(), re.path(), RULE_KEYS);
            if (rule == null) {
                continue;
            }
            Integer max = rule.requiredInt("max-attempts", 1, 20, "attempt count");
            Duration backoff = duration(doc, rule, "backoff");
            if (max != null && backoff != null) {
                out.put(RETRY_RESULTS.get(re.name()), new RetryRule(max, backoff));
            }
        }
        return out;
    }

    private static Duration duration(YamlDoc doc, YamlDoc.Section s, String key) {
        return duration(doc, s, key, DURATION_ALLOWED);
    }

    private static Duration duration(YamlDoc doc, YamlDoc.Section s, String key, String allowed) {
        String v = s.requiredText(key, allowed);
        if (v == null) {
            return null;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            doc.problem(s.get(key).value(), YamlDoc.child(s.path(), key), "invalid duration '" + v + "' (allowed: " + allowed + ")");
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private HappyCallRules happyCall(YamlDoc doc, Node node, String path) {
        int before = doc.problemCount();
        YamlDoc.Section h = doc.section(node, path, HAPPY_KEYS);
        if (h == null) {
            return null;
        }
        Set<String> outcomes = new LinkedHashSet<>();
        YamlDoc.Entry o = h.require("outcomes", "a list of " + String.join(", ", sorted(HappyCallRules.KNOWN_OUTCOMES)));
        List<YamlDoc.Item> os = o == null ? List.of() : doc.texts(o.value(), o.path(), "outcomes");
        for (YamlDoc.Item it : os == null ? List.<YamlDoc.Item>of() : os) {
            if (HappyCallRules.KNOWN_OUTCOMES.contains(it.value())) {
                outcomes.add(it.value());
            } else {
                doc.problem(it.node(), it.path(), "unknown outcome '" + it.value() + "' (allowed: "
                        + String.join(", ", sorted(HappyCallRules.KNOWN_OUTCOMES)) + ")");
            }
        }
        Set<InquiryType> types = EnumSet.noneOf(InquiryType.class);
        YamlDoc.Entry t = h.require("inquiry-types", "a list of fault, howto, purchase, other");
        List<YamlDoc.Item> ts = t == null ? List.of() : doc.texts(t.value(), t.path(), "inquiry types");
        for (YamlDoc.Item it : ts == null ? List.<YamlDoc.Item>of() : ts) {
            Optional<InquiryType> type = java.util.Arrays.stream(InquiryType.values()).filter(x -> x.id().equals(it.value())).findFirst();
            if (type.isPresent()) {
                types.add(type.get());
            } else {
                doc.problem(it.node(), it.path(), "unknown inquiry type '" + it.value() + "' (allowed: fault, howto, purchase, other)");
            }
        }
        YamlDoc.Entry d = h.get("delay");
        boolean nextBusinessDay = d != null && d.value() instanceof ScalarNode sn && NEXT_BUSINESS_DAY.equals(sn.getValue().trim());
        Duration delay = nextBusinessDay ? Duration.ZERO : duration(doc, h, "delay", DURATION_ALLOWED + ", or " + NEXT_BUSINESS_DAY);
        Integer once = h.requiredInt("once-per-days", 0, 3650, "day count");
        Integer low = HappyCallRules.DEFAULT_LOW_SCORE;
        if (h.get("low-score") != null) {
            low = doc.integer(h.get("low-score").value(), h.get("low-score").path(), 0, 5, "score");
        }
        String prompt = h.optionalText("prompt", HappyCallRules.DEFAULT_PROMPT);
        if (prompt != null && !PROMPT.matcher(prompt).matches()) {
            doc.problem(h.get("prompt").value(), YamlDoc.child(path, "prompt"), "invalid prompt name '" + prompt
                    + "' (allowed: lowercase letters, digits, '-' and '_', e.g. happy-call-intro)");
        }
        Optional<String> desk = Optional.ofNullable(h.optionalText("follow-up-desk", null));
        if (desk.isPresent() && !ID.matcher(desk.get()).matches()) {
            doc.problem(h.get("follow-up-desk").value(), YamlDoc.child(path, "follow-up-desk"), "invalid desk id '" + desk.get()
                    + "' (allowed: a desk id from desks.yaml, " + ID_ALLOWED + ")");
        } else if (desk.isPresent() && desks != null && !desks.contains(desk.get())) {
            doc.problem(h.get("follow-up-desk").value(), YamlDoc.child(path, "follow-up-desk"), "unknown desk '" + desk.get()
                    + "' (not in desks.yaml; allowed: " + String.join(", ", desks.stream().sorted().toList()) + ")");
        }
        if (doc.problemCount() > before || delay == null || once == null || low == null || prompt == null) {
            return null;
        }
        return new HappyCallRules(outcomes, types, delay, once, low, nextBusinessDay, prompt, desk);
    }

    /** A happy-call asks 1 or 2 questions, each answered 1..5. */
    private static void happyQuestions(YamlDoc doc, YamlDoc.Section s, List<Question> questions) {
        YamlDoc.Entry e = s.get("questions");
        if (e == null) {
            return;
        }
        if (questions.size() > MAX_HAPPY_QUESTIONS) {
            doc.problem(e.value(), e.path(), questions.size() + " questions in a happy-call (allowed: 1 or 2, each of kind scale1to5)");
        }
        for (Question q : questions) {
            if (q.kind() != QuestionKind.SCALE_1_TO_5) {
                doc.problem(e.value(), e.path(), "question '" + q.id() + "' is of kind " + q.kind().id()
                        + " (allowed in a happy-call: scale1to5 only, the customer keys 1..5)");
            }
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
