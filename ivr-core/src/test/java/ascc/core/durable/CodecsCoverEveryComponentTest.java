package ascc.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.core.agents.AgentIntervalCodec;
import ascc.core.agents.AgentStateTracker;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackRequestCodec;
import ascc.core.campaign.SurveyAnswer;
import ascc.core.desktop.CallDisposition;
import ascc.core.desktop.CallDispositionCodec;
import ascc.core.campaign.SurveyAnswerCodec;
import ascc.core.happycall.HappyAnswer;
import ascc.core.happycall.HappyAnswerCodec;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordCodec;
import ascc.core.cdr.CdrLegCodec;
import ascc.routing.cdr.CdrLeg;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every journal codec keeps every field of its record: a record generated over all its components (found by reflection, so
 * a component added later is generated too) comes back equal from {@code decode(encode(r))}. Values include nulls, tabs,
 * line ends, backslashes, the {@code \N} spelling, non-ASCII text, 40-digit numbers and instants with nanoseconds.
 * Fixed seed.
 */
class CodecsCoverEveryComponentTest {
    private static final String SEED = "20261206";
    /** Components that are keys: never null, 1..64 characters without blanks only (the records refuse others). */
    private static final Set<String> KEYS = Set.of("linkedId", "uniqueId");
    // CallbackRequest's linkedId is nullable in the record, but a booking without one cannot be keyed: generated as a key
    /** Components the records refuse as null. */
    private static final Set<String> REQUIRED = Set.of("linkedId", "uniqueId", "enteredAt", "outcome", "start", "status", "questionId",
        "at");

    @Property(tries = 500, seed = SEED)
    void callRecordsComeBackWhole(@ForAll("callRecords") CallRecord r) {
        assertEquals(r, CallRecordCodec.INSTANCE.decode(CallRecordCodec.INSTANCE.encode(r)));
    }

    @Property(tries = 500, seed = SEED)
    void cdrLegsComeBackWhole(@ForAll("cdrLegs") CdrLeg leg) {
        assertEquals(leg, CdrLegCodec.INSTANCE.decode(CdrLegCodec.INSTANCE.encode(leg)));
    }

    @Property(tries = 500, seed = SEED)
    void callbackBookingsComeBackWhole(@ForAll("callbackBookings") CallbackRequest r) {
        assertEquals(r, CallbackRequestCodec.INSTANCE.decode(CallbackRequestCodec.INSTANCE.encode(r)));
    }

    @Property(tries = 500, seed = SEED)
    void webCallbackRequestsComeBackWhole(@ForAll("webCallbacks") ascc.core.webcallbacks.WebCallbackRequest r) {
        ascc.core.webcallbacks.WebCallbackCodec c = ascc.core.webcallbacks.WebCallbackCodec.INSTANCE;
        assertEquals(r, c.decode(c.encode(r)));
    }

    @Provide
    Arbitrary<ascc.core.webcallbacks.WebCallbackRequest> webCallbacks() {
        return records(ascc.core.webcallbacks.WebCallbackRequest.class);
    }

    @Property(tries = 500, seed = SEED)
    void surveyAnswersComeBackWhole(@ForAll("surveyAnswers") SurveyAnswer a) {
        assertEquals(a, SurveyAnswerCodec.INSTANCE.decode(SurveyAnswerCodec.INSTANCE.encode(a)));
    }

    @Property(tries = 500, seed = SEED)
    void happyCallAnswersComeBackWhole(@ForAll("happyAnswers") HappyAnswer a) {
        assertEquals(a, HappyAnswerCodec.INSTANCE.decode(HappyAnswerCodec.INSTANCE.encode(a)));
    }

    @Provide
    Arbitrary<HappyAnswer> happyAnswers() {
        return records(HappyAnswer.class);
    }

    @Property(tries = 500, seed = SEED)
    void agentStateIntervalsComeBackWhole(@ForAll("agentStateIntervals") AgentStateTracker.Interval i) {
        assertEquals(i, AgentIntervalCodec.INSTANCE.decode(AgentIntervalCodec.INSTANCE.encode(i)));
    }

    @Property(tries = 1)
    void anAgentStateIntervalLineHasAFieldForEveryComponent() {
        assertEquals(AgentStateTracker.Interval.class.getRecordComponents().length, AgentIntervalCodec.FIELDS,
            "a component was added to AgentStateTracker.Interval: add it to AgentIntervalCodec (a new format tag)");
    }

    @Property(tries = 500, seed = SEED)
    void callDispositionsComeBackWhole(@ForAll("callDispositions") CallDisposition d) {
        assertEquals(d, CallDispositionCodec.INSTANCE.decode(CallDispositionCodec.INSTANCE.encode(d)));
    }

    @Property(tries = 1)
    void aCallDispositionLineHasAFieldForEveryComponent() {
        assertEquals(CallDisposition.class.getRecordComponents().length, CallDispositionCodec.FIELDS,
            "a component was added to CallDisposition: add it to CallDispositionCodec (a new format tag, still reading the old ones)");
    }

    @Property(tries = 1)
    void aSurveyAnswerLineHasAFieldForEveryComponent() {
        assertEquals(SurveyAnswer.class.getRecordComponents().length, SurveyAnswerCodec.FIELDS,
            "a component was added to SurveyAnswer: add it to SurveyAnswerCodec (a new format tag, still reading the old ones)");
    }

    @Property(tries = 1)
    void aCallRecordLineHasAFieldForEveryComponent() {
        assertEquals(CallRecord.class.getRecordComponents().length, CallRecordCodec.FIELDS,
            "a component was added to CallRecord: add it to CallRecordCodec (a new format tag, still reading the old ones)");
    }

    @Provide
    Arbitrary<CallRecord> callRecords() {
        return records(CallRecord.class);
    }

    @Provide
    Arbitrary<CallbackRequest> callbackBookings() {
        return records(CallbackRequest.class);
    }

    @Provide
    Arbitrary<AgentStateTracker.Interval> agentStateIntervals() {
        return records(AgentStateTracker.Interval.class);
    }

    @Provide
    Arbitrary<SurveyAnswer> surveyAnswers() {
        return records(SurveyAnswer.class);
    }

    @Provide
    Arbitrary<CallDisposition> callDispositions() {
        return records(CallDisposition.class);
    }

    @Provide
    Arbitrary<CdrLeg> cdrLegs() {
        return records(CdrLeg.class);
    }

    /** Records of {@code type} with every component generated by its type. */
    static <R extends Record> Arbitrary<R> records(Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        List<Arbitrary<Object>> parts = new ArrayList<>();
        for (RecordComponent c : components) {
            parts.add(valueOf(c));
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<R> canonical;
        try {
            canonical = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor of " + type, e);
        }
        return Combinators.combine(parts).as(args -> {
            try {
                return Optional.of(canonical.newInstance(args.toArray()));
            } catch (InvocationTargetException e) {
                // a combination the record refuses (e.g. a reason on a callback that is not a follow-up): not a record
                return Optional.<R>empty();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).filter(Optional::isPresent).map(Optional::get);
    }

    private static Arbitrary<Object> valueOf(RecordComponent c) {
        Class<?> t = c.getType();
        String name = c.getName();
        boolean required = REQUIRED.contains(name) || t.isPrimitive();
        Arbitrary<?> a;
        if (KEYS.contains(name)) {
            a = Arbitraries.strings().withCharRange('0', '9').withChars('.', '-').alpha().ofMinLength(1).ofMaxLength(64);
        } else if (t == String.class) {
            a = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().numeric().ofLength(40),
                Arbitraries.of("", "\\N", "\\", "\t", "\r\n", "a\tb\\nc", "전화 상담", "\uD83D\uDCDE"));
        } else if (t == Instant.class) {
            a = Arbitraries.longs().between(946_684_800L, 4_102_444_800L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        } else if (t == Long.class || t == long.class) {
            a = Arbitraries.longs();
        } else if (t == Integer.class || t == int.class) {
            a = Arbitraries.integers();
        } else if (t == Boolean.class || t == boolean.class) {
            a = Arbitraries.of(true, false);
        } else if (t.isEnum()) {
            a = Arbitraries.of(t.getEnumConstants());
        } else if (t.isSealed()) {
            // a sealed interface of enums (a callback's status): any constant of any of them
            a = Arbitraries.of(Arrays.stream(t.getPermittedSubclasses()).flatMap(e -> Arrays.stream(e.getEnumConstants())).toList());
        } else {
            throw new IllegalStateException("no generator for " + c + ": add one here");
        }
        Arbitrary<Object> any = a.asGeneric();
        return required ? any : any.injectNull(0.15);
    }
}
