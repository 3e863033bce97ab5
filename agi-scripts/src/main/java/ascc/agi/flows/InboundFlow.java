package ascc.agi.flows;

import ascc.agi.AgiChannel;
import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.recordings.RecordingPlan;
import ascc.routing.InquiryType;
import ascc.routing.Phones;
import ascc.routing.QueuePriority;
import ascc.routing.RecentCallers;
import ascc.routing.RouteDecision;
import ascc.routing.Router;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Contexts;
import ascc.routing.config.Category;
import ascc.routing.config.AfterHours;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound call flow ({@code agi://host/inbound}): finds the company (dialed number, or the company code on
 * the shared number), the product category and the inquiry type with DTMF menus, then hands the call back to
 * the dialplan through channel variables. The decisions themselves are {@link Router}'s; this class only asks.
 *
 * <p>Menus: each menu is one AGI round trip for its playing (GET DATA for one file, the dialplan's Read for several
 * files, see {@link #menu}); a key pressed while a prompt plays interrupts it and counts.
 * Every menu listens {@code center.menu-timeout-ms} (engine.yaml, 5 s by default) after its prompt and between keys,
 * read per call (a reload applies to the next call).
 * On a shared or unknown number GET DATA asks for the company code (up to 6 digits, '#' ends);
 * a valid code plays the company's greeting, an invalid one plays {@code invalid} and asks again; no input, or
 * {@value #CODE_ATTEMPTS} invalid codes, send the call to the general desk. A company with several categories
 * gets a category menu (digits in enrolled order; nothing valid twice: the first category). Then the inquiry
 * menu (1 fault, 2 how-to, 3 purchase, 4 other; nothing valid: other), skipped when the desk is closed.
 *
 * <p>Contract with the rendered dialplan ({@code ascc-inbound}): {@code CC_ACTION} = {@code queue}
 * (with {@code CC_QUEUE}), {@code closed} (with {@code CC_PROMPT}), {@code hangup} or {@code fallback}.
 * Variables prefixed {@code __} are inherited by the agent's channel, where the pre-dial gosub turns them
 * into SIP headers ({@code X-CC-Company}, {@code X-CC-Inquiry}, ...) for the phone's display.
 *
 * <p>A hang-up anywhere before the decision is handed over is reported to {@link Listener#abandoned} with the
 * step ({@link #STEP_COMPANY_CODE}, ...); it is the caller's choice, not an error, so it is not rethrown.
 *
 * <p>The per-call line (decision and rule, or where the caller hung up; the caller's number masked) is logged at DEBUG:
 * at INFO it was 13% of the engine's CPU per call under load (slf4j-simple writes synchronously). The calls themselves
 * are counted per desk, queue and outcome in {@code ascc_calls_ended_total} and recorded in {@code call_record}.
 */
public final class InboundFlow implements AgiScript {
    private static final Logger LOG = LoggerFactory.getLogger(InboundFlow.class);

    /** Prompt played when the center is closed (Asterisk core sound until per-company prompts exist). */
    public static final String CLOSED_PROMPT = Prompts.CLOSED;

    /** Tries at the company code before the call goes to the general desk. */
    public static final int CODE_ATTEMPTS = 3;
    /** Tries at the category menu before the first category is taken. */
    public static final int CATEGORY_ATTEMPTS = 2;

    /** Step names given to {@link Listener#abandoned}. */
    public static final String STEP_ANSWER = "answer";
    public static final String STEP_COMPANY_CODE = "company-code";
    public static final String STEP_GREETING = "greeting";
    public static final String STEP_CATEGORY = "category";
    public static final String STEP_SELF_SERVICE = SelfServiceFlow.STEP;
    public static final String STEP_INQUIRY = "inquiry";
    public static final String STEP_HANDOFF = "handoff";

    /** Receives each routing decision, e.g. the call tracker. */
    @FunctionalInterface
    public interface Listener {
        /** The call was decided; called before the flow hands the call back to the dialplan. */
        void routed(AgiRequest request, RouteDecision decision, Instant at);

        /**
         * After the closed message the caller chose {@code outcome}: a callback on {@code number} (null for
         * voicemail). Called after {@link #routed}; the engine stores and schedules callbacks.
         */
        default void afterHours(AgiRequest request, RouteDecision decision, AfterHours outcome, String number, Instant at) {
            // the engine overrides this
        }

        /**
         * The caller hung up in the IVR at {@code step}; {@code companyId} is the company when it was known by then
         * (null before). Default: the three-argument form.
         */
        default void abandoned(AgiRequest request, String step, String companyId, Instant at) {
            abandoned(request, step, at);
        }

        /** The caller hung up in the IVR before a decision was handed over, at {@code step}. Default: nothing. */
        default void abandoned(AgiRequest request, String step, Instant at) {
            // the engine's call tracker overrides this
        }
    }

    static final int MIN_CALLBACK_DIGITS = 7;
    static final int MAX_CALLBACK_DIGITS = 15;
    static final long CALLBACK_NUMBER_TIMEOUT_MILLIS = 10_000;

    /** The dialplan application that plays a multi-file menu and collects its digits in one AGI command. */
    static final String READ_APP = "Read";
    /** Read's status: OK, TIMEOUT, HANGUP, ERROR, ... */
    static final String READ_STATUS = "READSTATUS";

    /** Whether and how a routed call is recorded; the engine's listener gets the same {@code at} to compute the same plan. */
    @FunctionalInterface
    public interface RecordingPlanner {
        RecordingPlanner NONE = (req, d, at) -> Optional.empty();

        Optional<RecordingPlan> plan(AgiRequest request, RouteDecision decision, Instant at);
    }

    private final Supplier<CenterConfig> config;
    private final Router router;
    private final Clock clock;
    private final Listener listener;
    private final Prompts prompts;
    private final RecentCallers recent;
    private final RecordingPlanner recordings;
    private final SelfServiceFlow selfService;

    public InboundFlow(Supplier<CenterConfig> config, Clock clock, Listener listener) {
        this(config, clock, listener, Prompts.coreOnly());
    }

    public InboundFlow(Supplier<CenterConfig> config, Clock clock, Listener listener, Prompts prompts) {
        this(config, clock, listener, prompts, new RecentCallers(), RecordingPlanner.NONE);
    }

    /** With repeat-caller priority, no recording. */
    public InboundFlow(Supplier<CenterConfig> config, Clock clock, Listener listener, Prompts prompts, RecentCallers recent) {
        this(config, clock, listener, prompts, recent, RecordingPlanner.NONE);
    }

    /** With per-company recording, no repeat-caller index. */
    public InboundFlow(Supplier<CenterConfig> config, Clock clock, Listener listener, Prompts prompts, RecordingPlanner recordings) {
        this(config, clock, listener, prompts, new RecentCallers(), recordings);
    }

    /**
     * @param recent who called lately, for repeat-caller priority (engine.yaml {@code center.repeat-caller-days}); read only,
     *     the engine feeds it
     * @param recordings whether and how a routed call is recorded: a recorded call gets {@code __CC_RECORD_FILE} and, if
     *     asked, {@code CC_CONSENT}
     */
    public InboundFlow(Supplier<CenterConfig> config, Clock clock, Listener listener, Prompts prompts, RecentCallers recent,
            RecordingPlanner recordings) {
        this(config, clock, listener, prompts, recent, recordings, SelfServiceFlow.OFF);
    }

    /** With self-service after the category ({@link SelfServiceFlow}; {@link SelfServiceFlow#OFF}: none). */
    public InboundFlow(Supplier<CenterConfig> config, Clock clock, Listener listener, Prompts prompts, RecentCallers recent,
            RecordingPlanner recordings, SelfServiceFlow selfService) {
        this.selfService = Objects.requireNonNull(selfService, "selfService");
        this.recent = Objects.requireNonNull(recent, "recent");
        this.recordings = Objects.requireNonNull(recordings, "recordings");
        this.config = Objects.requireNonNull(config, "config");
        this.router = new Router(config);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
    }

    /** Where the flow is; mutable, one per call. */
    private static final class Progress {
        String step = STEP_ANSWER;
        /** The company once known (by number or keyed code), so an IVR hang-up is counted for it. */
        String companyId;
        boolean handedOver;
    }

    /** A menu's result: the value (may be null) and rule text saying how it was chosen. */
    private record Choice<T>(T value, String why) {
    }

    @Override
    public void run(AgiChannel ch) {
        AgiRequest req = ch.request();
        Progress p = new Progress();
        try {
            RouteDecision d = prioritize(decide(ch, req, p), req);
            handOver(ch, req, d, p);
        } catch (AgiHangupException e) {
            Instant at = clock.instant();
            if (p.handedOver) {
                LOG.debug("call {} from {} to {}: hung up right after routing ({})", req.linkedId(), Phones.mask(req.callerId()),
                        req.extension(), e.getMessage());
                return;
            }
            LOG.debug("call {} from {} to {}: abandoned in the IVR at step {} ({})", req.linkedId(), Phones.mask(req.callerId()),
                    req.extension(), p.step, e.getMessage());
            listener.abandoned(req, p.step, p.companyId, at);
        }
    }

    private RouteDecision decide(AgiChannel ch, AgiRequest req, Progress p) {
        String dialed = req.extension();
        p.step = STEP_ANSWER;
        ch.answer();
        Optional<Company> byNumber = router.companyByNumber(dialed);
        Company company;
        String how;
        boolean keyedCode = byNumber.isEmpty();
        if (byNumber.isPresent()) {
            company = byNumber.get();
            how = "number " + dialed + " -> company " + company.id();
        } else {
            String why = router.whyCodeNeeded(dialed);
            p.step = STEP_COMPANY_CODE;
            Choice<Company> code = askCompanyCode(ch);
            if (code.value() == null) {
                return router.routeGeneral(why + "; " + code.why(), now());
            }
            company = code.value();
            how = why + "; " + code.why() + " -> company " + company.id();
            p.step = STEP_GREETING;
            ch.streamFile(prompts.greeting(company), "");
        }
        p.companyId = company.id();
        Choice<Category> category = askCategory(ch, company, p);
        RouteDecision d = router.routeCompany(company, category.value(), now(), how + category.why(), keyedCode);
        p.step = STEP_SELF_SERVICE;
        String served = selfService.run(ch, company, category.value(), d.desk().id()).map(why -> "; " + why).orElse("");
        if (!served.isEmpty()) {
            d = router.routeCompany(company, category.value(), now(), how + category.why() + served, keyedCode);
        }
        if (d.action() == RouteDecision.Action.CLOSED) {
            return d;
        }
        p.step = STEP_INQUIRY;
        String answer = menu(ch, prompts.inquiryMenu(company), 1, menuTimeoutMillis());
        Optional<InquiryType> type = InquiryType.byDigit(answer, company.inquiryTypes());
        return type.isPresent()
                ? d.withInquiry(type.get(), "menu " + answer)
                : d.withInquiry(InquiryType.OTHER, answer == null ? "no answer" : "invalid answer " + shown(answer));
    }

    /** After the closed message: a callback offer, voicemail, or nothing, as the company chose (hours.yaml). */
    private void closed(AgiChannel ch, AgiRequest req, RouteDecision d) {
        AfterHours mode = config.get().hours().afterHours(d.company().map(c -> c.id()).orElse(null));
        switch (mode) {
            case VOICEMAIL -> {
                String box = d.company().map(c -> c.code()).orElse("");
                if (box.isEmpty()) {
                    closedMessageOnly(ch, d);
                    return;
                }
                listener.afterHours(req, d, AfterHours.VOICEMAIL, null, clock.instant());
                ch.setVariable(ChannelVars.PROMPT, closedPrompt(d));
                ch.setVariable(ChannelVars.MAILBOX, Contexts.mailbox(box));
                ch.setVariable(ChannelVars.ACTION, ChannelVars.ACTION_VOICEMAIL);
            }
            case CALLBACK -> {
                ch.streamFile(closedPrompt(d), "");
                String offer = menu(ch, prompts.callbackOffer(), 1, menuTimeoutMillis());
                if (!"1".equals(offer)) {
                    ch.setVariable(ChannelVars.ACTION, ChannelVars.ACTION_HANGUP);
                    return;
                }
                String number = digitsOnly(req.callerId());
                boolean confirmed = false;
                if (number.length() >= MIN_CALLBACK_DIGITS) {
                    ch.exec("SayDigits", number);
                    confirmed = "1".equals(menu(ch, prompts.callbackConfirm(), 1, menuTimeoutMillis()));
                }
                if (!confirmed) {
                    String typed = ch.getData(prompts.callbackNumber(), CALLBACK_NUMBER_TIMEOUT_MILLIS, MAX_CALLBACK_DIGITS);
                    number = typed == null ? "" : typed;
                    if (!number.matches("[0-9]{" + MIN_CALLBACK_DIGITS + "," + MAX_CALLBACK_DIGITS + "}")) {
                        LOG.info("call {}: no valid callback number keyed in ({} digits); no callback", req.linkedId(),
                                number.length());
                        ch.streamFile(prompts.invalid(), "");
                        ch.setVariable(ChannelVars.ACTION, ChannelVars.ACTION_HANGUP);
                        return;
                    }
                }
                listener.afterHours(req, d, AfterHours.CALLBACK, number, clock.instant());
                ch.streamFile(prompts.thanks(), "");
                ch.setVariable(ChannelVars.ACTION, ChannelVars.ACTION_HANGUP);
            }
            default -> closedMessageOnly(ch, d);
        }
    }

    /** The company's own closed message, else the default one. */
    private String closedPrompt(RouteDecision d) {
        return d.company().map(prompts::closed).orElseGet(prompts::closed);
    }

    private void closedMessageOnly(AgiChannel ch, RouteDecision d) {
        ch.setVariable(ChannelVars.PROMPT, closedPrompt(d));
        ch.setVariable(ChannelVars.ACTION, ChannelVars.ACTION_CLOSED);
    }

    static String digitsOnly(String s) {
        return s == null ? "" : s.replaceAll("[^0-9]", "");
    }

    /** The decision with its queue priority (VIP number, repeat caller), from memory only. */
    private RouteDecision prioritize(RouteDecision d, AgiRequest req) {
        if (d.action() == RouteDecision.Action.CLOSED) {
            return d;
        }
        QueuePriority.Result prio = QueuePriority.decide(config.get().engine().priorities(), d.company(), req.callerId(), d.inquiry(),
                recent, clock.instant());
        return prio.level() > 0 ? d.withPriority(prio.level(), prio.why()) : d;
    }

    /**
     * Plays a menu made of several prompt files ({@code a&b&c}) and collects the answer, in one round trip for the playing:
     * AGI's GET DATA plays one file only, so a multi-file menu runs the dialplan's Read
     * ({@code EXEC Read CC_MENU,a&b&c,<maxdigits>,,1,<timeout s>}), which plays the files in turn, lets the first key
     * interrupt the playing and keeps it as the first digit, and ends at '#', {@code maxDigits} digits or the timeout;
     * then {@code GET VARIABLE CC_MENU}. Only an empty answer costs a third command, {@code GET VARIABLE READSTATUS},
     * to tell a lone '#' (OK: "") from silence (TIMEOUT: null). A single file is one GET DATA.
     *
     * @param timeoutMillis how long the menu listens after its prompt and between keys ({@link #menuTimeoutMillis})
     * @return the digits, "" for a lone '#', or null when the caller pressed nothing
     * @throws AgiHangupException the caller hung up during the menu (Read's result -1 or READSTATUS HANGUP)
     */
    static String menu(AgiChannel ch, String promptList, int maxDigits, long timeoutMillis) {
        if (promptList.indexOf('&') < 0) {
            return ch.getData(promptList, timeoutMillis, maxDigits);
        }
        String args = ChannelVars.MENU + "," + promptList + "," + maxDigits + ",,1," + seconds(timeoutMillis);
        int result = ch.exec(READ_APP, args);
        if (result < 0) {
            throw new AgiHangupException("Read returned " + result + " (caller hung up during menu " + promptList + ")");
        }
        String digits = ch.getVariable(ChannelVars.MENU);
        if (digits != null && !digits.isEmpty()) {
            return digits;
        }
        String status = ch.getVariable(READ_STATUS);
        if ("HANGUP".equals(status)) {
            throw new AgiHangupException("READSTATUS HANGUP (caller hung up during menu " + promptList + ")");
        }
        if (!"OK".equals(status) && !"TIMEOUT".equals(status)) {
            LOG.warn("call {}: Read of menu {} ended with READSTATUS {}; taken as no answer", ch.request().linkedId(), promptList, status);
        }
        return "OK".equals(status) ? "" : null;
    }

    /** The configured menu timeout ({@code center.menu-timeout-ms}), read per call so a reload applies to the next call. */
    long menuTimeoutMillis() {
        return config.get().engine().menuTimeout().toMillis();
    }

    /**
     * Milliseconds as Read's timeout argument in seconds: 5000 -> "5", 2500 -> "2.5". Whole seconds (the usual case) without
     * a BigDecimal (a BigDecimal per menu showed in the profile).
     */
    static String seconds(long millis) {
        if (millis % 1000 == 0) {
            return Long.toString(millis / 1000);
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private Choice<Company> askCompanyCode(AgiChannel ch) {
        List<String> invalid = new ArrayList<>();
        long timeout = menuTimeoutMillis();
        for (int attempt = 1; attempt <= CODE_ATTEMPTS; attempt++) {
            String code = ch.getData(prompts.companyCode(), timeout, Router.MAX_CODE_DIGITS);
            if (code == null) {
                return new Choice<>(null, "no company code keyed in"
                        + (invalid.isEmpty() ? "" : " after invalid code(s) " + String.join(", ", invalid)));
            }
            Optional<Company> company = router.companyByCode(code);
            if (company.isPresent()) {
                return new Choice<>(company.get(), "code " + code
                        + (invalid.isEmpty() ? "" : " after invalid code(s) " + String.join(", ", invalid)));
            }
            invalid.add(shown(code));
            if (attempt < CODE_ATTEMPTS) {
                ch.streamFile(prompts.invalid(), "");
            }
        }
        return new Choice<>(null, CODE_ATTEMPTS + " invalid company codes " + String.join(", ", invalid));
    }

    private Choice<Category> askCategory(AgiChannel ch, Company company, Progress p) {
        List<Category> categories = company.categories();
        if (categories.size() <= 1) {
            return new Choice<>(categories.isEmpty() ? null : categories.get(0), "");
        }
        p.step = STEP_CATEGORY;
        int maxDigits = categories.size() > 9 ? 2 : 1;
        long timeout = menuTimeoutMillis();
        List<String> invalid = new ArrayList<>();
        for (int attempt = 1; attempt <= CATEGORY_ATTEMPTS; attempt++) {
            String answer = menu(ch, prompts.categoryMenu(company), maxDigits, timeout);
            int choice = Router.menuChoice(answer, categories.size());
            if (choice > 0) {
                return new Choice<>(categories.get(choice - 1), "; category menu " + answer);
            }
            invalid.add(answer == null ? "no answer" : shown(answer));
            if (attempt < CATEGORY_ATTEMPTS) {
                ch.streamFile(prompts.invalid(), "");
            }
        }
        return new Choice<>(categories.get(0), "; category menu: " + String.join(", ", invalid) + " -> first category");
    }

    private void handOver(AgiChannel ch, AgiRequest req, RouteDecision d, Progress p) {
        p.step = STEP_HANDOFF;
        // One batch at the end (one EXEC MSet over FastAGI) instead of a round trip per variable.
        // Facts for the agent leg first: they are useful on the phone display whatever happens next.
        LinkedHashMap<String, String> vars = new LinkedHashMap<>();
        d.company().ifPresent(c -> vars.put(ChannelVars.inherited(ChannelVars.COMPANY), c.id()));
        d.category().ifPresent(c -> vars.put(ChannelVars.inherited(ChannelVars.CATEGORY), c.id()));
        d.inquiry().ifPresent(t -> vars.put(ChannelVars.inherited(ChannelVars.INQUIRY), t.id()));
        vars.put(ChannelVars.inherited(ChannelVars.DESK), d.desk().id());
        vars.put(ChannelVars.inherited(ChannelVars.CALLER_MASKED), Phones.mask(req.callerId()));

        Instant at = clock.instant();
        if (d.action() == RouteDecision.Action.QUEUE || d.action() == RouteDecision.Action.FALLBACK) {
            // recording starts in the agent-answer gosub (MixMonitor on the agent channel, which inherits __ variables)
            recordings.plan(req, d, at).ifPresent(plan -> {
                vars.put(ChannelVars.inherited(ChannelVars.RECORD_FILE), plan.asteriskFile());
                plan.consentPrompt().ifPresent(c -> vars.put(ChannelVars.CONSENT, c));
            });
        }

        switch (d.action()) {
            case CLOSED -> {
            }
            case QUEUE, FALLBACK -> {
                vars.put(ChannelVars.QUEUE, d.queueName());
                if (d.priority() > 0) {
                    vars.put(ChannelVars.QUEUE_PRIO, Integer.toString(d.priority()));
                }
                vars.put(ChannelVars.ACTION, ChannelVars.ACTION_QUEUE);
            }
            default -> vars.put(ChannelVars.ACTION, ChannelVars.ACTION_FALLBACK);
        }
        // a hang-up while these are set is still an abandon in the IVR at the hand-off step
        ch.setVariables(vars);

        // Record before handing back: the queue's AMI events may follow right after the AGI ends.
        p.handedOver = true;
        listener.routed(req, d, at);
        if (d.action() == RouteDecision.Action.CLOSED) {
            closed(ch, req, d);
        }
        LOG.debug("call {} from {} to {}: {} -> {} ({})", req.linkedId(), Phones.mask(req.callerId()), req.extension(),
                d.action(), d.queueName(), d.rule());
    }

    private ZonedDateTime now() {
        return clock.instant().atZone(config.get().engine().timeZone());
    }

    /** Caller input for rule text: quoted, anything but DTMF shown as '?', at most 8 characters. */
    static String shown(String input) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < input.length() && i < 8; i++) {
            char c = input.charAt(i);
            sb.append("0123456789*#ABCD".indexOf(c) >= 0 ? c : '?');
        }
        return sb.append(input.length() > 8 ? "...\"" : "\"").toString();
    }
}
