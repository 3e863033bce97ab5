package ascc.agi.flows;

import ascc.agi.AgiChannel;
import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import ascc.routing.Phones;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.selfservice.CaseLookup;
import ascc.routing.selfservice.CompanySelfService;
import ascc.routing.selfservice.HoursReadOut;
import ascc.routing.selfservice.RepairCase;
import ascc.routing.selfservice.SelfServiceConfig;
import ascc.routing.selfservice.SelfServiceMenu;
import ascc.routing.selfservice.SelfServiceResult;
import ascc.routing.selfservice.SelfServiceVisit;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-service step of the inbound flow, after the company and category are known (self-service.yaml). A caller with open
 * repair cases (found by the caller's number) hears each one first: "your repair case number" + SayDigits(case id) + the
 * status prompt + "expected on" + SayUnixTime(expected date); then the menu ({@link SelfServiceMenu}: case lookup by number,
 * opening hours read out from hours.yaml with SayUnixTime, the category's recorded FAQ answers; <b>0 or silence = an agent</b>).
 *
 * <p>The visit is reported to the {@link Listener} before the flow goes on: {@link SelfServiceResult#TO_AGENT} when the caller
 * goes on to the inquiry menu and a queue; on a hang-up {@link SelfServiceResult#RESOLVED} when an item was heard, else
 * {@link SelfServiceResult#ABANDONED}, and the hang-up is rethrown for the inbound flow to record. Anything else going wrong
 * (a case look-up failing) is logged and the caller goes on to an agent: self-service never keeps a caller from one.
 */
public final class SelfServiceFlow {
    private static final Logger LOG = LoggerFactory.getLogger(SelfServiceFlow.class);

    /** The step name the inbound flow reports a hang-up in self-service with. */
    public static final String STEP = "self-service";
    /** Most open cases read out to one caller. */
    public static final int MAX_CASES = 3;
    static final long CASE_NUMBER_TIMEOUT_MILLIS = 10_000;
    static final int MAX_CASE_DIGITS = 20;
    /** SayUnixTime formats: a date ("June 15 2026"), a time ("18 00"), a day and time ("Monday 09 00"). */
    static final String DATE_FORMAT = "BdY";
    static final String TIME_FORMAT = "HM";
    static final String DAY_TIME_FORMAT = "AHM";
    static final String SAY_DIGITS = "SayDigits";
    static final String SAY_UNIX_TIME = "SayUnixTime";
    /** Played when a prompt of the company is not installed (a missing file would end STREAM FILE with an error). */
    static final String FALLBACK = Prompts.BEEP;

    /** Prompt names (each the company's own recording, else a core sound of that name, else a beep). */
    public static final String P_CASE = "self-service-case";
    public static final String P_STATUS = "self-service-status-";
    public static final String P_EXPECTED = "self-service-expected";
    public static final String P_CASE_NUMBER = "self-service-case-number";
    public static final String P_NO_CASE = "self-service-no-case";
    public static final String P_OPEN_UNTIL = "self-service-open-until";
    public static final String P_OPENS = "self-service-opens";
    public static final String P_MENU = "self-service-menu";
    public static final String P_AGENT = "self-service-agent";
    public static final String P_CASE_TITLE = "self-service-case-title";
    public static final String P_HOURS_TITLE = "self-service-hours-title";

    /** Finds a company's sound for a prompt name; empty when it is not installed. */
    @FunctionalInterface
    public interface Sounds {
        Sounds NONE = (company, prompt) -> Optional.empty();

        Optional<String> find(String companyId, String prompt);
    }

    /** Receives each visit (the engine records it). */
    @FunctionalInterface
    public interface Listener {
        void visited(AgiRequest request, SelfServiceVisit visit);
    }

    /** Self-service off for everyone. */
    public static final SelfServiceFlow OFF = new SelfServiceFlow(() -> SelfServiceConfig.NONE, () -> null, CaseLookup.NONE,
            Sounds.NONE, Clock.systemUTC(), (r, v) -> { });

    private final Supplier<SelfServiceConfig> config;
    private final Supplier<CenterConfig> center;
    private final CaseLookup cases;
    private final Sounds sounds;
    private final Clock clock;
    private final Listener listener;

    public SelfServiceFlow(Supplier<SelfServiceConfig> config, Supplier<CenterConfig> center, CaseLookup cases, Sounds sounds,
            Clock clock, Listener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.center = Objects.requireNonNull(center, "center");
        this.cases = Objects.requireNonNull(cases, "cases");
        this.sounds = Objects.requireNonNull(sounds, "sounds");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** What one call heard; mutable, one per call. */
    private static final class Visit {
        final Set<String> items = new LinkedHashSet<>();
    }

    /**
     * Runs self-service for this caller when the company has it on (read at each call: a reload applies to the next call).
     *
     * @return why the caller goes on to an agent (for the call's rule text); empty when the company has no self-service
     * @throws AgiHangupException the caller hung up in self-service (the visit was reported first)
     */
    public Optional<String> run(AgiChannel ch, Company company, Category category, String deskId) {
        Optional<CompanySelfService> cfg = config.get().enabled(company.id());
        if (cfg.isEmpty()) {
            return Optional.empty();
        }
        AgiRequest req = ch.request();
        Visit visit = new Visit();
        String why;
        try {
            why = serve(ch, req, cfg.get(), company, category, deskId, visit);
        } catch (AgiHangupException e) {
            report(req, company, category, visit, visit.items.isEmpty() ? SelfServiceResult.ABANDONED : SelfServiceResult.RESOLVED);
            throw e;
        } catch (RuntimeException e) {
            LOG.error("call {} from {}: self-service of company {} failed; the caller goes on to an agent", req.linkedId(),
                    Phones.mask(req.callerId()), company.id(), e);
            why = "self-service failed (" + e.getClass().getSimpleName() + ")";
        }
        report(req, company, category, visit, SelfServiceResult.TO_AGENT);
        return Optional.of(why);
    }

    private void report(AgiRequest req, Company company, Category category, Visit visit, SelfServiceResult result) {
        listener.visited(req, new SelfServiceVisit(req.linkedId(), company.id(), category == null ? null : category.id(),
                List.copyOf(visit.items), result, clock.instant()));
    }

    private String serve(AgiChannel ch, AgiRequest req, CompanySelfService cfg, Company company, Category category, String deskId,
            Visit visit) {
        if (cfg.caseStatus()) {
            for (RepairCase c : openCases(req, company)) {
                if (sayCase(ch, company, c)) {
                    return "0 pressed during the case status";
                }
                visit.items.add(SelfServiceMenu.CASE_STATUS);
            }
        }
        SelfServiceMenu menu = SelfServiceMenu.of(cfg, category);
        String prompt = menuPrompt(company, menu);
        SelfServiceMenu.Session session = menu.session();
        while (true) {
            String answer = InboundFlow.menu(ch, prompt, 1, center.get().engine().menuTimeout().toMillis());
            SelfServiceMenu.Step step = session.next(answer);
            switch (step) {
                case SelfServiceMenu.ToAgent a -> {
                    return a.why();
                }
                case SelfServiceMenu.Invalid i -> ch.streamFile(Prompts.INVALID, "");
                case SelfServiceMenu.Play p -> {
                    if (play(ch, req, company, deskId, p.entry())) {
                        visit.items.add(p.entry().visitId());
                    }
                }
            }
        }
    }

    private List<RepairCase> openCases(AgiRequest req, Company company) {
        String phone = InboundFlow.digitsOnly(req.callerId());
        if (phone.isEmpty()) {
            return List.of();
        }
        try {
            List<RepairCase> found = cases.openCases(company.id(), phone);
            return found.size() > MAX_CASES ? found.subList(0, MAX_CASES) : found;
        } catch (CaseLookup.CaseLookupException e) {
            LOG.warn("call {} from {}: repair cases of company {} could not be read; no case status ({})", req.linkedId(),
                    Phones.mask(req.callerId()), company.id(), e.getMessage());
            return List.of();
        }
    }

    /** Plays one entry; false when nothing was heard (no such case). */
    private boolean play(AgiChannel ch, AgiRequest req, Company company, String deskId, SelfServiceMenu.Entry e) {
        switch (e.kind()) {
            case FAQ -> {
                ch.streamFile(sound(company, e.faq().prompt()), "");
                return true;
            }
            case HOURS -> {
                sayHours(ch, company, deskId);
                return true;
            }
            case CASE_LOOKUP -> {
                String id = ch.getData(sound(company, P_CASE_NUMBER), CASE_NUMBER_TIMEOUT_MILLIS, MAX_CASE_DIGITS);
                Optional<RepairCase> c = Optional.empty();
                if (RepairCase.validCaseId(id)) {
                    try {
                        c = cases.byId(company.id(), id);
                    } catch (CaseLookup.CaseLookupException ex) {
                        LOG.warn("call {}: case {} of company {} could not be read ({})", req.linkedId(), id, company.id(),
                                ex.getMessage());
                    }
                }
                if (c.isEmpty()) {
                    ch.streamFile(sound(company, P_NO_CASE), "");
                    return false;
                }
                sayCase(ch, company, c.get());
                return true;
            }
            default -> throw new IllegalStateException("unknown entry kind " + e.kind());
        }
    }

    /** Reads one case out; true when the caller pressed 0 for an agent while it played. */
    private boolean sayCase(AgiChannel ch, Company company, RepairCase c) {
        if (ch.streamFile(sound(company, P_CASE), SelfServiceMenu.AGENT_KEY) == '0') {
            return true;
        }
        ch.exec(SAY_DIGITS, c.caseId());
        if (ch.streamFile(sound(company, P_STATUS + c.status().id()), SelfServiceMenu.AGENT_KEY) == '0') {
            return true;
        }
        if (c.expectedDate().isPresent()) {
            if (ch.streamFile(sound(company, P_EXPECTED), SelfServiceMenu.AGENT_KEY) == '0') {
                return true;
            }
            ZoneId zone = zone();
            LocalDate d = c.expectedDate().get();
            ch.exec(SAY_UNIX_TIME, d.atTime(12, 0).atZone(zone).toEpochSecond() + "," + zone.getId() + "," + DATE_FORMAT);
        }
        return false;
    }

    private void sayHours(AgiChannel ch, Company company, String deskId) {
        CenterConfig cc = center.get();
        ZoneId zone = cc.engine().timeZone();
        ZonedDateTime now = clock.instant().atZone(zone);
        Optional<HoursReadOut> h = HoursReadOut.of(cc.hours(), company.id(), deskId, now);
        if (h.isEmpty()) {
            ch.streamFile(Prompts.CLOSED, "");
            return;
        }
        ch.streamFile(sound(company, h.get().openNow() ? P_OPEN_UNTIL : P_OPENS), "");
        ch.exec(SAY_UNIX_TIME, h.get().at().toEpochSecond() + "," + zone.getId() + ","
                + (h.get().openNow() ? TIME_FORMAT : DAY_TIME_FORMAT));
    }

    private ZoneId zone() {
        CenterConfig cc = center.get();
        return cc == null ? ZoneId.systemDefault() : cc.engine().timeZone();
    }

    /** The menu: its intro, each entry's title (when installed) and digit, then "for an agent press" 0. */
    String menuPrompt(Company company, SelfServiceMenu menu) {
        List<String> files = new ArrayList<>();
        sounds.find(company.id(), P_MENU).ifPresent(files::add);
        for (SelfServiceMenu.Entry e : menu.entries()) {
            String title = switch (e.kind()) {
                case CASE_LOOKUP -> P_CASE_TITLE;
                case HOURS -> P_HOURS_TITLE;
                case FAQ -> e.faq().title();
            };
            if (title != null) {
                sounds.find(company.id(), title).ifPresent(files::add);
            }
            files.add("digits/" + e.digit());
        }
        sounds.find(company.id(), P_AGENT).ifPresent(files::add);
        files.add("digits/" + SelfServiceMenu.AGENT_KEY);
        return String.join("&", files);
    }

    private String sound(Company company, String prompt) {
        return sounds.find(company.id(), prompt).orElse(FALLBACK);
    }
}
